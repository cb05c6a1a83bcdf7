/// Where topic declarations are read from: the copy of topics/*.yaml built into
/// the binary, or a directory of `*.yaml` files.
public enum TopicSource: Sendable, Hashable, CustomStringConvertible {
    /// The declarations built into the binary (``EmbeddedTopicFiles``).
    case embedded
    /// The `*.yaml` files of a directory.
    case directory(String)

    /// A directory when one is given, the built-in declarations otherwise.
    public init(directory: String?) {
        self = directory.map { .directory($0) } ?? .embedded
    }

    /// The directory, or `built-in` for the embedded declarations: for messages.
    public var description: String {
        switch self {
        case .embedded: "built-in"
        case .directory(let directory): directory
        }
    }
}
