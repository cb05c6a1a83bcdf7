import YAML

/// One thing wrong with a configuration, and where it comes from: the file,
/// line and column of the value, or the environment variable that set it.
public struct ConfigurationProblem: Sendable, Hashable, CustomStringConvertible {
    /// `maintenanced.yaml:12:9`, `environment variable MAINTENANCED_HTTP_PORT`, or `defaults`.
    public var location: String
    /// The key path of the setting at fault; the root when empty.
    public var path: YAMLPath
    /// What is wrong.
    public var message: String

    /// `maintenanced.yaml:12:9: at http.port: must be between 0 (a free port the system picks) and 65535, found 70000`.
    public var description: String {
        path.isRoot ? "\(location): \(message)" : "\(location): at \(path): \(message)"
    }
}
