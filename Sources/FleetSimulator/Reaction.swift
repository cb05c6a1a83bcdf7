import Contracts

/// An event the simulated world sends after a delay.
public struct Reaction: Sendable, Hashable {
    /// Milliseconds from now.
    public var delay: Int
    /// The event.
    public var event: OutgoingEvent
    /// Who sends it (the CloudEvents source), e.g. `/simulator/bmc`.
    public var source: String
}
