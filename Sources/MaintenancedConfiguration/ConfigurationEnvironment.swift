import Lifecycle
import YAML

/// How environment variables override the configuration file.
///
/// Every setting has a variable: `MAINTENANCED_` and its key path, each key in
/// upper snake case, joined by `_`:
/// `http.port` → `MAINTENANCED_HTTP_PORT`, `kafka.bootstrapServers` →
/// `MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS`, `roles.update.maxUnavailable` →
/// `MAINTENANCED_ROLES_UPDATE_MAX_UNAVAILABLE`, `roles.power.reboot.timeout` →
/// `MAINTENANCED_ROLES_POWER_REBOOT_TIMEOUT`.
///
/// librdkafka properties: `MAINTENANCED_KAFKA_PROPERTY_<NAME>` sets the
/// property whose name is `<NAME>` in lower case with `_` read as `.` (and `__`
/// as a literal `_`): `MAINTENANCED_KAFKA_PROPERTY_SASL_PASSWORD` sets
/// `sasl.password`. `MAINTENANCED_KAFKA_PROPERTYFILE_<NAME>` names a file
/// whose content is the property's value.
///
/// `MAINTENANCED_CONFIG` names the configuration file. Any other variable
/// starting with `MAINTENANCED_` is an error, so that a misspelt override is
/// not silently ignored. Values are read as YAML scalars (`8080`, `true`, `30s`).
public enum ConfigurationEnvironment {
    /// The prefix of every variable the configuration reads.
    public static let prefix = "MAINTENANCED_"
    /// The variable naming the configuration file.
    public static let configFileVariable = "MAINTENANCED_CONFIG"
    /// The instance `maintenanced get` asks (its `--server`): a variable of the command line,
    /// not a setting, which an operator's shell holds beside the others.
    public static let serverVariable = "MAINTENANCED_SERVER"
    /// The prefix of librdkafka property variables.
    public static let propertyPrefix = "MAINTENANCED_KAFKA_PROPERTY_"
    /// The prefix of librdkafka property-file variables.
    public static let propertyFilePrefix = "MAINTENANCED_KAFKA_PROPERTYFILE_"

    /// One environment override: the variable, the key path it sets and its value.
    public struct Override: Sendable, Hashable {
        /// The variable's name.
        public var variable: String
        /// The key path it sets.
        public var path: YAMLPath
        /// Its value.
        public var value: String
    }

    /// The variable for the setting at `path` (`http.port` → `MAINTENANCED_HTTP_PORT`).
    public static func variable(for path: [String]) -> String {
        prefix + path.map(upperSnakeCase).joined(separator: "_")
    }

    /// The variable of every setting, with its key path, in the file's order.
    /// (The maps `kafka.properties` and `kafka.propertyFiles` are set through their prefixes.)
    public static let settings: [(variable: String, path: [String])] = {
        exampleWithEveryKey.tree().leafPaths.map { (variable(for: $0), $0) }
    }()

    /// The variables of deprecated keys (`MAINTENANCED_ROLES_POWER_HEARTBEAT_TIMEOUT`), still
    /// read: each sets the old key, which the loader warns of.
    static let deprecatedSettings: [(variable: String, path: [String])] = settings.flatMap { setting in
        ServiceConfiguration.deprecatedKeys.compactMap { old, new -> (variable: String, path: [String])? in
            let newKeys = keys(of: new)
            guard setting.path.starts(with: newKeys) else { return nil }
            let path = keys(of: old) + setting.path.dropFirst(newKeys.count)
            return (variable(for: path), path)
        }
    }

    /// Whether `variable` is one Kubernetes sets for a Service in the namespace (its service
    /// links, on by default): a Service named `maintenanced-scheduler` gives every pod
    /// `MAINTENANCED_SCHEDULER_SERVICE_HOST`, `…_SERVICE_PORT[_NAME]`, `…_PORT=tcp://…` and
    /// `…_PORT_8080_TCP[_PROTO|_PORT|_ADDR]`. No setting's variable has these shapes (a bare
    /// `…_PORT` counts only with a `tcp://`, `udp://` or `sctp://` value: `MAINTENANCED_HTTP_PORT`
    /// is a setting, and a mistyped one is still named).
    static func isServiceLink(_ variable: String, value: String) -> Bool {
        if variable.hasSuffix("_SERVICE_HOST") || variable.hasSuffix("_SERVICE_PORT") || variable.contains("_SERVICE_PORT_") { return true }
        let protocols = ["TCP", "UDP", "SCTP"]
        let parts = Array(variable.split(separator: "_", omittingEmptySubsequences: false))
        for index in parts.indices.dropLast(2) where parts[index] == "PORT" && !parts[index + 1].isEmpty && parts[index + 1].allSatisfy(\.isNumber) {
            guard protocols.contains(String(parts[index + 2])) else { continue }
            let tail = parts[(index + 3)...]
            if tail.isEmpty || (tail.count == 1 && ["PROTO", "PORT", "ADDR"].contains(String(tail.first!))) { return true }
        }
        return variable.hasSuffix("_PORT") && protocols.contains { value.lowercased().hasPrefix($0.lowercased() + "://") }
    }

    /// The keys of a path without indices.
    private static func keys(of path: YAMLPath) -> [String] {
        path.components.compactMap { component in
            if case .key(let key) = component { return key }
            return nil
        }
    }

    /// The overrides in `environment`; variables in `ignoring` are left alone
    /// (for example ones the run command reads itself). An unknown
    /// `MAINTENANCED_*` variable is a problem.
    public static func overrides(
        in environment: [String: String],
        ignoring: Set<String> = []
    ) -> (overrides: [Override], problems: [ConfigurationProblem]) {
        let known = Dictionary((settings + deprecatedSettings).map { ($0.variable, $0.path) }, uniquingKeysWith: { first, _ in first })
        var overrides: [Override] = []
        var problems: [ConfigurationProblem] = []
        for variable in environment.keys.sorted() where variable.hasPrefix(prefix) {
            let value = environment[variable]!
            if variable == configFileVariable || variable == serverVariable || ignoring.contains(variable) || isServiceLink(variable, value: value) { continue }
            if variable.hasPrefix(propertyFilePrefix), let name = propertyName(variable.dropFirst(propertyFilePrefix.count)) {
                overrides.append(Override(variable: variable, path: ["kafka", "propertyFiles", .key(name)], value: value))
            } else if variable.hasPrefix(propertyPrefix), let name = propertyName(variable.dropFirst(propertyPrefix.count)) {
                overrides.append(Override(variable: variable, path: ["kafka", "properties", .key(name)], value: value))
            } else if let path = known[variable] {
                overrides.append(Override(variable: variable, path: YAMLPath(path.map { .key($0) }), value: value))
            } else {
                let suggestion = closest(to: variable, among: Array(known.keys) + [configFileVariable])
                let hint = suggestion.map { " (did you mean \($0)?)" } ?? ""
                problems.append(
                    ConfigurationProblem(
                        location: "environment variable \(variable)", path: YAMLPath(),
                        message: "unknown variable \(variable)\(hint)"
                    )
                )
            }
        }
        return (overrides, problems)
    }

    /// `SASL_PASSWORD` → `sasl.password`, `SSL__KEY` → `ssl_key`; nil for an empty name.
    static func propertyName(_ suffix: Substring) -> String? {
        guard !suffix.isEmpty else { return nil }
        return suffix.lowercased().split(separator: "__", omittingEmptySubsequences: false)
            .map { $0.split(separator: "_", omittingEmptySubsequences: false).joined(separator: ".") }
            .joined(separator: "_")
    }

    /// `bootstrapServers` → `BOOTSTRAP_SERVERS`.
    static func upperSnakeCase(_ key: String) -> String {
        var out = ""
        for character in key {
            if character.isUppercase, !out.isEmpty { out += "_" }
            out += character.uppercased()
        }
        return out
    }

    /// A configuration with every optional setting present, to list every key.
    static var exampleWithEveryKey: ServiceConfiguration {
        var configuration = ServiceConfiguration()
        configuration.roles.scheduler.window = MaintenanceWindow(startMinute: 22 * 60, length: .hours(6))
        configuration.roles.power.signOfLifeTimeout = .minutes(10)
        configuration.topics.directory = "topics"
        configuration.state.directory = "/var/lib/maintenanced"
        return configuration
    }

    private static func closest(to word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(word, $0)) }.filter { $0.1 <= max(2, word.count / 5) }
        return scored.min { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }?.0
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
