import Logging
import ServiceLifecycle

/// The one `ServiceGroup` of a long-running command (`run`, `demo`, `broker`, `kafka consume`):
/// SIGTERM (an orchestrator's stop) and SIGINT (Ctrl-C) shut it down gracefully, and so, with
/// `--stop-on-end-of-input`, does the end of standard input.
enum CommandServiceGroup {
    /// The service that stops the process at a second signal, then `services`, then
    /// `EndOfInput` when `stopOnEndOfInput`, then `notice` (it hears of a graceful shutdown
    /// before them: a group stops its services in reverse order), then the service that waits
    /// for the first of `signals`.
    static func make(
        _ services: [ServiceGroupConfiguration.ServiceConfiguration], signals: TrappedSignals, stopOnEndOfInput: Bool,
        notice: ShutdownNotice? = nil, logger: Logger
    ) -> ServiceGroup {
        var members = [signals.escape(logger: logger)] + services
        if stopOnEndOfInput { members.append(EndOfInput.member(logger: logger)) }
        if let notice { members.append(notice.member) }
        members.append(signals.member(logger: logger))
        return ServiceGroup(configuration: ServiceGroupConfiguration(services: members, logger: logger))
    }
}
