import Kafka
import Lifecycle
import YAML

extension ServiceConfiguration {
    /// librdkafka properties the service sets itself, with why one set in `kafka.properties` is refused.
    static let ownedProperties: [String: String] = [
        "bootstrap.servers": "set bootstrap.servers through kafka.bootstrapServers, not as a property",
        "group.id": "set group.id through groups, not as a property",
        "enable.auto.offset.store":
            "the service stores a batch's offsets itself once its outputs and changelog are delivered; stored as read, they would be committed before their effects",
        "partition.assignment.strategy":
            "the roles assign partitions by range, so that partition p of every input topic and of the role's log go to one member, whose sequencer orders them (docs/RUNTIME.md, co-partitioning); another strategy splits them and the order is lost",
        "auto.offset.reset":
            "the roles read a partition without a committed offset from its start (earliest): a role's log and state are folded from every input, and a source whose position is not known from a committed offset holds its partition's order",
        "enable.auto.commit":
            "the service commits offsets itself (what a commit leaves owed goes again every auto.commit.interval.ms); librdkafka's auto-commit also commits the partitions a rebalance or a close takes away, and librdkafka 2.0.2 can abort the process when one of those is still in flight at a close",
    ]

    /// librdkafka properties naming files that must exist.
    static let fileProperties = [
        "ssl.ca.location", "ssl.certificate.location", "ssl.key.location", "ssl.keystore.location",
        "ssl.crl.location", "sasl.kerberos.keytab",
    ]

    /// SASL mechanisms that need `sasl.username` and `sasl.password`.
    static let passwordMechanisms: Set<String> = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

    /// The SASL mechanisms librdkafka knows.
    static let saslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "GSSAPI", "OAUTHBEARER"]

    /// Every problem of a decoded configuration, by key path: ranges, negative
    /// times, SASL without credentials, TLS files that do not exist.
    /// `fileExists` answers for the paths of TLS and other files; `directoryProblem` tells
    /// what keeps a directory from being used for state, `readableDirectoryProblem` what keeps
    /// one from being read (the topics') (nil: nothing).
    public func validationProblems(
        fileExists: (String) -> Bool, directoryProblem: (String) -> String? = { _ in nil },
        readableDirectoryProblem: (String) -> String? = { _ in nil }
    ) -> [(path: YAMLPath, message: String)] {
        var problems: [(path: YAMLPath, message: String)] = []
        func add(_ path: YAMLPath, _ message: String) { problems.append((path, message)) }

        // kafka
        let servers = kafka.bootstrapServers.split(separator: ",").map { String($0).trimmingWhitespace() }
        if servers.isEmpty || servers.contains(where: \.isEmpty) {
            add(["kafka", "bootstrapServers"], "expected host:port pairs separated by commas, found \"\(kafka.bootstrapServers)\"")
        } else {
            for server in servers {
                let port = server.split(separator: ":").last.flatMap { Int($0) }
                if !server.contains(":") || port == nil || !(1...65535).contains(port!) {
                    add(["kafka", "bootstrapServers"], "\"\(server)\" is not host:port with a port between 1 and 65535")
                }
            }
        }
        if kafka.clientID.isEmpty { add(["kafka", "clientId"], "must not be empty") }
        for key in kafka.properties.keys.sorted() {
            if let problem = Self.ownedProperties[key] { add(["kafka", "properties", .key(key)], problem) }
        }
        for key in kafka.propertyFiles.keys.sorted() where kafka.properties[key] != nil {
            add(["kafka", "propertyFiles", .key(key)], "\(key) is also set in kafka.properties; set it in one place")
        }
        problems += securityProblems(fileExists: fileExists)
        // What librdkafka itself says of each property, where nothing above said more.
        let properties = kafka.properties.map { (path: ["kafka", "properties", .key($0.key)] as YAMLPath, $0.key, $0.value) }
            + self.fileProperties.filter { kafka.properties[$0.key] == nil }.map { (path: ["kafka", "propertyFiles", .key($0.key)] as YAMLPath, $0.key, $0.value) }
        for (path, key, value) in properties.sorted(by: { $0.1 < $1.1 }) where !problems.contains(where: { $0.path == path }) {
            if let problem = KafkaConfiguration.problem(setting: key, to: value) { add(path, problem) }
        }

        // groups
        var seen: [String: Role] = [:]
        for role in Role.allCases {
            let group = groups[role]
            if group.isEmpty {
                add(["groups", .key(role.rawValue)], "must not be empty")
            } else if let other = seen[group] {
                add(["groups", .key(role.rawValue)], "\"\(group)\" is also the group of \(other); each role needs its own group")
            }
            seen[group] = seen[group] ?? role
        }

        if let directory = topics.directory {
            if directory.isEmpty {
                add(["topics", "directory"], "must not be empty")
            } else if let problem = readableDirectoryProblem(directory) {
                add(["topics", "directory"], problem)
            }
        }
        if let interval = state.snapshotInterval, interval < .seconds(1) {
            add(["state", "snapshotInterval"], "must be at least 1s (or null: snapshots only at a graceful stop), found \(interval)")
        }
        if let directory = state.directory {
            if directory.isEmpty {
                add(["state", "directory"], "must not be empty")
            } else if let problem = directoryProblem(directory) {
                add(["state", "directory"], problem)
            }
        }
        if http.host.isEmpty { add(["http", "host"], "must not be empty") }
        if !(0...65535).contains(http.port) { add(["http", "port"], "must be between 0 (a free port the system picks) and 65535, found \(http.port)") }

        // roles
        func positive(_ span: Milliseconds, _ path: YAMLPath) {
            let duration = ConfigDuration(span)
            if duration.milliseconds < 0 {
                add(path, "must not be negative, found \(duration)")
            } else if duration.milliseconds == 0 {
                add(path, "must be longer than 0s")
            }
        }
        func policy(_ policy: RetryPolicy, _ path: YAMLPath) {
            positive(policy.timeout, path.appending("timeout"))
            if policy.attempts < 1 { add(path.appending("attempts"), "must be at least 1, found \(policy.attempts)") }
        }
        func tickInterval(_ role: Role) {
            positive(Milliseconds(roles.tickInterval(of: role)), ["roles", .key(role.rawValue), "tickInterval"])
        }
        let scheduler = roles.scheduler
        let schedulerPath: YAMLPath = ["roles", "scheduler"]
        tickInterval(.scheduler)
        if let window = scheduler.window {
            let lengthPath = schedulerPath.appending("window").appending("length")
            positive(window.length, lengthPath)
            if window.length > .hours(24) { add(lengthPath, "must be at most 24h, found \(ConfigDuration(window.length))") }
        }
        policy(scheduler.approval, schedulerPath.appending("approval"))
        policy(scheduler.power, schedulerPath.appending("power"))
        policy(scheduler.bootConfiguration, schedulerPath.appending("bootConfiguration"))
        policy(scheduler.maintenance, schedulerPath.appending("maintenance"))

        let power = roles.power
        let powerPath: YAMLPath = ["roles", "power"]
        tickInterval(.power)
        if let signOfLife = power.signOfLifeTimeout { positive(signOfLife, powerPath.appending("signOfLifeTimeout")) }
        policy(power.powerOn, powerPath.appending("powerOn"))
        positive(power.gracefulOffTimeout, powerPath.appending("gracefulOffTimeout"))
        policy(power.forcedOff, powerPath.appending("forcedOff"))
        policy(power.reboot, powerPath.appending("reboot"))
        if let install = power.installReportTimeout { positive(install, powerPath.appending("installReportTimeout")) }
        if let confirmation = power.installOffConfirmation { positive(confirmation, powerPath.appending("installOffConfirmation")) }

        let updatePath: YAMLPath = ["roles", "update"]
        tickInterval(.update)
        if roles.maxUnavailable < 1 {
            add(updatePath.appending("maxUnavailable"), "must be at least 1, found \(roles.maxUnavailable)")
        }
        for (key, settings) in roles.update.policies {
            policy(settings, updatePath.appending(.key(key)))
        }

        if !(1024...(64 * 1_048_576)).contains(limits.maxEventBytes) {
            add(["limits", "maxEventBytes"], "must be between 1024 and 67108864 (64 MiB), found \(limits.maxEventBytes)")
        }
        return problems
    }

    /// Problems of `security.protocol`, SASL and TLS settings.
    private func securityProblems(fileExists: (String) -> Bool) -> [(path: YAMLPath, message: String)] {
        var problems: [(path: YAMLPath, message: String)] = []
        let properties = kafka.properties
        func path(_ key: String) -> YAMLPath {
            kafka.propertyFiles[key] != nil && properties[key] == nil
                ? ["kafka", "propertyFiles", .key(key)] : ["kafka", "properties", .key(key)]
        }
        func isSet(_ key: String) -> Bool {
            !(properties[key] ?? "").isEmpty || kafka.propertyFiles[key] != nil
        }
        let protocolName = (properties["security.protocol"] ?? "plaintext").lowercased()
        let protocols = ["plaintext", "ssl", "sasl_plaintext", "sasl_ssl"]
        if !protocols.contains(protocolName) {
            problems.append(
                (path("security.protocol"), "expected one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL, found \"\(properties["security.protocol"]!)\"")
            )
        }
        let mechanismKey = properties["sasl.mechanisms"] != nil ? "sasl.mechanisms" : "sasl.mechanism"
        let mechanisms = Self.saslMechanisms.joined(separator: ", ")
        if let mechanism = properties[mechanismKey] {
            if !protocolName.hasPrefix("sasl_") {
                problems.append(
                    (path(mechanismKey), "\(mechanismKey) is set but security.protocol is \(protocolName.uppercased()); use SASL_SSL or SASL_PLAINTEXT")
                )
            }
            if !Self.saslMechanisms.contains(mechanism.uppercased()) {
                problems.append((path(mechanismKey), "expected one of \(mechanisms), found \"\(mechanism)\""))
            } else if Self.passwordMechanisms.contains(mechanism.uppercased()) {
                let missing = ["sasl.username", "sasl.password"].filter { !isSet($0) }
                if !missing.isEmpty {
                    let variables = missing.map { ConfigurationEnvironment.propertyPrefix + $0.uppercased().split(separator: ".").joined(separator: "_") }
                    problems.append(
                        (path(mechanismKey), "SASL mechanism \(mechanism) needs \(missing.joined(separator: " and ")) (in kafka.properties, kafka.propertyFiles or \(variables.joined(separator: ", ")))")
                    )
                }
            }
        } else if protocolName.hasPrefix("sasl_") {
            // librdkafka would fall back to GSSAPI (Kerberos): say so at start-up rather than fail to authenticate later.
            problems.append((path("security.protocol"), "\(protocolName.uppercased()) needs sasl.mechanism (one of \(mechanisms))"))
        }
        let usesTLS = protocolName == "ssl" || protocolName == "sasl_ssl"
        for key in Self.fileProperties where key.hasPrefix("ssl.") && isSet(key) && !usesTLS && protocols.contains(protocolName) {
            problems.append((path(key), "\(key) is set but security.protocol is \(protocolName.uppercased()), which does not use TLS; use SSL or SASL_SSL"))
        }
        for (key, other) in [("ssl.certificate.location", "ssl.key.location"), ("ssl.key.location", "ssl.certificate.location")]
        where isSet(key) && !isSet(other) && !isSet("ssl.key.pem") && !isSet("ssl.certificate.pem") {
            problems.append((path(key), "\(key) is set without \(other); a client certificate needs both"))
        }
        for key in Self.fileProperties {
            guard let file = properties[key], !file.isEmpty else { continue }
            if key == "ssl.ca.location" && file == "probe" { continue }
            if !fileExists(file) { problems.append((path(key), "\(key) names \(file), which does not exist")) }
        }
        return problems
    }
}
