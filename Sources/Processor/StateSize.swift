/// How much state a role holds on this instance: for the state-store gauges.
public struct StateSize: Sendable, Hashable {
    /// Keys (servers or clusters) held, over all partitions.
    public var entries = 0
    /// The bytes of their states as last written to or read from the changelogs
    /// (a state changed since the last write counts at its written size).
    public var bytes = 0

    public init(entries: Int = 0, bytes: Int = 0) {
        self.entries = entries
        self.bytes = bytes
    }
}
