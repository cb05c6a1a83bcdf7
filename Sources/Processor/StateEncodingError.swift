/// A state that could not be encoded for the changelog. The instance stops on it: the
/// transitions that led to the state are sent, so a changelog without it would be behind them.
public struct StateEncodingError: Error, CustomStringConvertible, Sendable {
    /// The changelog topic of the state.
    public var changelog: String
    /// Its partition.
    public var partition: Int32
    /// The key whose state failed.
    public var key: String
    /// What the encoder said.
    public var reason: String

    public var description: String {
        "the state of '\(key)' cannot be written to \(changelog)[\(partition)]: \(reason)"
    }
}
