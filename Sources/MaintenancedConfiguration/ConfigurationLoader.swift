import Foundation
import YAML

/// Reads the configuration: the YAML file (strictly: an unknown key is an
/// error), the environment overrides laid over it, the files named by
/// `kafka.propertyFiles`, then validation. Every problem names the file, line
/// and column of the value, or the environment variable that set it; so does
/// every warning (a deprecated key that is still read).
public struct ConfigurationLoader: Sendable {
    /// The file to read; nil reads none (defaults and environment only).
    public var file: String?
    /// The process environment, or a test's.
    public var environment: [String: String]
    /// `MAINTENANCED_*` variables that are not overrides (read by a command itself).
    public var ignoredVariables: Set<String>

    /// A loader for `file`, or for the file named by `MAINTENANCED_CONFIG` when `file` is nil.
    public init(
        file: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        ignoredVariables: Set<String> = []
    ) {
        self.file = file ?? environment[ConfigurationEnvironment.configFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        self.environment = environment
        self.ignoredVariables = ignoredVariables
    }

    /// Loads and validates the configuration.
    public func load() throws(ConfigurationError) -> LoadedConfiguration {
        var root = YAMLNode.mapping(YAMLMapping([]))
        if let file {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw ConfigurationError([
                    ConfigurationProblem(location: file, path: YAMLPath(), message: "cannot read the file: \(error.localizedDescription)")
                ])
            }
            do {
                let parsed = try YAMLParser().parse(text, file: file)
                if !parsed.isNull { root = parsed }
            } catch {
                throw ConfigurationError([problem(from: error, overrides: [])])
            }
        }
        let (overrides, environmentProblems) = ConfigurationEnvironment.overrides(
            in: environment, ignoring: ignoredVariables)
        guard environmentProblems.isEmpty else { throw ConfigurationError(environmentProblems) }
        let fileRoot = root
        for override in overrides {
            // A variable set to nothing is an empty text, not YAML's null (which would leave the
            // setting at its default while `config check` said the variable set it).
            let style: YAMLScalar.Style = override.value.isEmpty ? .doubleQuoted : .plain
            let scalar = YAMLNode.scalar(YAMLScalar(override.value, style: style, mark: YAMLMark(line: 1, column: 1)))
            root = root.setting(scalar, at: override.path.components[...])
        }

        var configuration: ServiceConfiguration
        do {
            configuration = try YAMLDecoder(rejectUnknownKeys: true).decode(ServiceConfiguration.self, from: root, file: file)
        } catch {
            throw ConfigurationError([problem(from: error, overrides: overrides, fileRoot: fileRoot)])
        }

        let locate = { (path: YAMLPath) in location(of: path, in: fileRoot, overrides: overrides) }
        var warnings: [ConfigurationProblem] = []
        for (old, new) in ServiceConfiguration.deprecatedKeys where root.node(at: old) != nil {
            warnings.append(ConfigurationProblem(location: locate(old), path: old, message: "deprecated: renamed \(new)"))
        }
        var problems: [ConfigurationProblem] = []
        for name in configuration.kafka.propertyFiles.keys.sorted() {
            let path: YAMLPath = ["kafka", "propertyFiles", .key(name)]
            let secretFile = configuration.kafka.propertyFiles[name]!
            do {
                var value = try String(contentsOfFile: secretFile, encoding: .utf8)
                while value.hasSuffix("\n") || value.hasSuffix("\r") { value.removeLast() }
                configuration.fileProperties[name] = value
            } catch {
                problems.append(
                    ConfigurationProblem(
                        location: locate(path), path: path, message: "cannot read \(secretFile) for \(name)")
                )
            }
        }
        let invalid = configuration.validationProblems(
            fileExists: { FileManager.default.fileExists(atPath: $0) }, directoryProblem: Self.stateDirectoryProblem,
            readableDirectoryProblem: Self.readableDirectoryProblem)
        for (canonical, message) in invalid {
            let path = ServiceConfiguration.written(canonical, in: root)
            problems.append(ConfigurationProblem(location: locate(path), path: path, message: message))
        }
        guard problems.isEmpty else { throw ConfigurationError(problems) }
        var loaded = LoadedConfiguration(configuration: configuration, file: file, overrides: overrides, warnings: warnings)
        loaded.setsBootstrapServers = root.node(at: ["kafka", "bootstrapServers"]) != nil
        return loaded
    }

    /// A decoding error as a problem, pointing at the environment variable when one set the value.
    /// A mapping the file does not have but variables made (`…_WINDOW_START` without a length)
    /// is named by those variables: its place would be a line of no file, or the file's first key.
    private func problem(from error: YAMLError, overrides: [ConfigurationEnvironment.Override], fileRoot: YAMLNode? = nil) -> ConfigurationProblem {
        if let override = overrides.last(where: { error.path.components.starts(with: $0.path.components) }) {
            return ConfigurationProblem(
                location: "environment variable \(override.variable)", path: error.path, message: error.message)
        }
        let within = overrides.filter { $0.path.components.starts(with: error.path.components) }
        if !within.isEmpty, fileRoot?.node(at: error.path) == nil {
            let variables = within.map(\.variable).sorted()
            let location = variables.count == 1 ? "environment variable \(variables[0])" : "environment variables \(variables.joined(separator: ", "))"
            return ConfigurationProblem(location: location, path: error.path, message: error.message)
        }
        return ConfigurationProblem(location: error.location, path: error.path, message: error.message)
    }

    /// Where the value at `path` comes from: its variable, its place in the
    /// file, or the mapping of the file that leaves it at its default.
    private func location(of path: YAMLPath, in root: YAMLNode, overrides: [ConfigurationEnvironment.Override]) -> String {
        if let override = overrides.last(where: { path.components.starts(with: $0.path.components) }) {
            return "environment variable \(override.variable)"
        }
        guard let file else { return "defaults" }
        if let node = root.node(at: path) { return "\(file):\(node.mark)" }
        return "\(file) (default)"
    }

    /// What keeps `path` from being a directory to read (of topic declarations): it does not
    /// exist, is not a directory, or cannot be listed.
    static func readableDirectoryProblem(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return "\(path) cannot be read (\(Self.reason(errno)))" }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory" }
        guard let directory = opendir(path) else { return "\(path) cannot be listed (\(Self.reason(errno)))" }
        closedir(directory)
        return nil
    }

    /// What keeps `path` from being a state directory: it is not a directory, or no file can
    /// be made in it, or (missing) it cannot be made. Found by trying, not by `access()`, which
    /// answers yes to root wherever the permission bits are all it looks at, even where the
    /// write would fail (a virtual file system such as /proc): what is made to find out is
    /// removed at once, so `config check`, which reads this too, leaves nothing behind.
    static func stateDirectoryProblem(_ path: String) -> String? {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a directory" }
            // A name no other process uses (its pid), made only if it is not there.
            let probe = "\(path)/.maintenanced-check.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
            let file = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            guard file >= 0 else { return "\(path) is not writable (\(Self.reason(errno)))" }
            close(file)
            unlink(probe)
            return nil
        }
        let parent = (path as NSString).deletingLastPathComponent
        let base = parent.isEmpty ? "." : parent
        guard stat(base, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            return "\(path) does not exist, nor does its parent \(base)"
        }
        guard mkdir(path, 0o755) == 0 else {
            // Made by someone else since it was looked at: it is there.
            if errno == EEXIST { return nil }
            return "\(path) does not exist and cannot be created in \(base) (\(Self.reason(errno)))"
        }
        rmdir(path)
        return nil
    }

    /// The system's text for an `errno`.
    private static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}
