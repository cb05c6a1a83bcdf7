import Logging
import ServiceLifecycle

/// Last in a group, so the first to hear of its graceful shutdown: logs `message` (info)
/// and runs `action` then, and ends. It ends without either on cancellation.
struct ShutdownNotice: Service {
    let logger: Logger
    let message: Logger.Message
    let action: @Sendable () -> Void

    init(logger: Logger, message: Logger.Message, action: @escaping @Sendable () -> Void = {}) {
        self.logger = logger
        self.message = message
        self.action = action
    }

    /// The service as a member of a group (it ends only once the group stops).
    var member: ServiceGroupConfiguration.ServiceConfiguration { .init(service: self) }

    func run() async throws {
        guard (try? await gracefulShutdown()) != nil else { return }
        logger.info(message)
        action()
    }
}
