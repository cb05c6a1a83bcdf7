import Glibc
import Logging
import ServiceLifecycle
import UnixSignals

/// SIGTERM and SIGINT, trapped from the moment a long-running command starts: `trap()` is
/// its first line. Not the group's `gracefulShutdownSignals`: a ServiceGroup traps those only
/// once it runs, after the command's slow start (the configuration, the embedded broker and
/// its topics), and a signal before that would end the process at once, its default action.
/// The sequence holds a signal that comes early until the group runs; then it shuts the
/// group down gracefully like any later one.
///
/// A second signal does not wait for the graceful shutdown (which may wait, bounded, for a
/// broker that does not answer): the process exits at once with 128 + the signal's number,
/// as after an uncaught signal. Nothing is lost by it: what was not committed is processed
/// again, with the same outputs, by the partitions' next owner.
struct TrappedSignals: Sendable {
    private let signals: UnixSignalsSequence
    /// The same signals for `escape`: each sequence hears every signal.
    private let again: UnixSignalsSequence

    /// Starts trapping SIGTERM and SIGINT.
    static func trap() async -> TrappedSignals {
        TrappedSignals(signals: await UnixSignalsSequence(trapping: .sigterm, .sigint), again: await UnixSignalsSequence(trapping: .sigterm, .sigint))
    }

    /// A service that exits the process at the second signal. First in its group, it is the
    /// last one a graceful shutdown stops, so it hears signals until every other service ended.
    func escape(logger: Logger) -> ServiceGroupConfiguration.ServiceConfiguration {
        let signals = again
        let escape = ClosureService {
            await cancelWhenGracefulShutdown {
                var heard = 0
                for await signal in signals {
                    heard += 1
                    guard heard >= 2 else { continue }
                    logger.warning("stopping at once on a second signal (\(signal)): what was not committed is processed again by the partitions' next owner")
                    exit(128 + signal.rawValue)
                }
            }
        }
        return .init(service: escape, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore)
    }

    /// A service that ends on the first signal, logging it, which shuts its group down
    /// gracefully; it ends without it on the group's graceful shutdown. (Last in the group, it
    /// is the first the shutdown reaches, so a signal during the shutdown ends no service the
    /// group is not stopping.)
    func member(logger: Logger) -> ServiceGroupConfiguration.ServiceConfiguration {
        let signals = self.signals
        let watch = ClosureService {
            guard let signal = await cancelWhenGracefulShutdown({ await signals.first { _ in true } }) else { return }
            logger.info("stopping on \(signal) (a second SIGINT or SIGTERM stops at once)")
        }
        return .init(service: watch, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
    }
}
