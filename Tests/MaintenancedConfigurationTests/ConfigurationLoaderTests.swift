import Foundation
import Kafka
import Lifecycle
import Testing
import YAML

@testable import MaintenancedConfiguration

@Suite("loading the configuration from its file and the environment") struct ConfigurationLoaderTests {
    private func load(_ text: String?, environment: [String: String] = [:]) throws -> LoadedConfiguration {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let file = try text.map { try fixtures.write("maintenanced.yaml", $0) }
        return try ConfigurationLoader(file: file, environment: environment).load()
    }

    private func problems(_ text: String?, environment: [String: String] = [:]) throws -> [String] {
        do {
            _ = try load(text, environment: environment)
            Issue.record("expected a configuration error")
            return []
        } catch let error as ConfigurationError {
            return error.problems.map { $0.description.replacingOccurrences(of: #"^.*/maintenanced\.yaml"#, with: "maintenanced.yaml", options: .regularExpression) }
        }
    }

    @Test("an empty file gives the defaults") func anEmptyFileGivesTheDefaults() throws {
        let loaded = try load("")
        #expect(loaded.configuration == ServiceConfiguration())
        #expect(loaded.configuration.http.port == 8080)
        #expect(loaded.configuration.groups[.power] == "maintenanced-power")
        #expect(loaded.configuration.roles.maxUnavailable == 1)
        #expect(try load(nil).configuration == ServiceConfiguration())
    }

    @Test("the brokers count as set only where the file or the environment names kafka.bootstrapServers, not because a file was read")
    func setsBootstrapServers() throws {
        #expect(try !load(nil).setsBootstrapServers)
        #expect(try !load("http:\n  port: 0\n").setsBootstrapServers)
        #expect(try !load("kafka:\n  clientId: x\n").setsBootstrapServers)
        let named = try load("kafka:\n  bootstrapServers: localhost:9092\n")
        #expect(named.setsBootstrapServers && named.configuration.kafka.bootstrapServers == "localhost:9092")
        let environment = try load("http:\n  port: 0\n", environment: ["MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS": "k1:9092"])
        #expect(environment.setsBootstrapServers && environment.configuration.kafka.bootstrapServers == "k1:9092")
        #expect(try load(nil, environment: ["MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS": "k1:9092"]).setsBootstrapServers)
        #expect(try load("http:\n  port: 0\n").configuration.http.port == 0)
        // config check's effective configuration says so.
        #expect(try load(nil).maskedYAML.contains(#"bootstrapServers: "localhost:9092"  # not set: run starts its embedded broker instead"#))
        #expect(!named.maskedYAML.contains("not set"))
    }

    @Test("the sample file is valid and equal to the defaults") func theSampleFileIsValidAndEqualToTheDefaults() throws {
        let sample = try String(contentsOfFile: Self.repositoryRoot + "/config/maintenanced.yaml", encoding: .utf8)
        let loaded = try load(sample)
        #expect(loaded.configuration == ServiceConfiguration())
    }

    @Test("a configuration with no keys, and the sample file, yield exactly the lifecycle core's defaults")
    func noKeysGiveTheLifecycleDefaults() throws {
        let sample = try String(contentsOfFile: Self.repositoryRoot + "/config/maintenanced.yaml", encoding: .utf8)
        for text in ["", "roles: {scheduler: {}, power: {}, update: {}}\n", sample] {
            let roles = try load(text).configuration.roles
            #expect(roles.scheduler == MaintenanceScheduler.Settings())
            #expect(roles.power == PowerController.Settings())
            #expect(roles.update == UpdateOrchestrator.Settings())
            #expect(roles.maxUnavailable == ClusterRollout().maxUnavailable)
            #expect(Role.allCases.map { roles.tickInterval(of: $0) } == [.seconds(10), .seconds(10), .seconds(10)])
        }
    }

    @Test("a deprecated key is still read, with a warning naming the file, line and key; with its new name as well it is an error")
    func deprecatedKeysAreAliases() throws {
        let loaded = try load(
            """
            roles:
              scheduler:
                maintenanceWindow: {start: "22:30", length: 6h}
              power: {heartbeatTimeout: 90s}
            """
        )
        #expect(loaded.configuration.roles.scheduler.window == MaintenanceWindow(startMinute: 22 * 60 + 30, length: .hours(6)))
        #expect(loaded.configuration.roles.power.signOfLifeTimeout == .seconds(90))
        let warnings = loaded.warnings.map { $0.description.replacingOccurrences(of: #"^.*/maintenanced\.yaml"#, with: "maintenanced.yaml", options: .regularExpression) }
        #expect(
            warnings == [
                "maintenanced.yaml:3:24: at roles.scheduler.maintenanceWindow: deprecated: renamed roles.scheduler.window",
                "maintenanced.yaml:4:29: at roles.power.heartbeatTimeout: deprecated: renamed roles.power.signOfLifeTimeout",
            ])
        #expect(try load("").warnings.isEmpty)

        let environment = try load(nil, environment: ["MAINTENANCED_ROLES_POWER_HEARTBEAT_TIMEOUT": "2m"])
        #expect(environment.configuration.roles.power.signOfLifeTimeout == .minutes(2))
        #expect(
            environment.warnings.map(\.description)
                == ["environment variable MAINTENANCED_ROLES_POWER_HEARTBEAT_TIMEOUT: at roles.power.heartbeatTimeout: deprecated: renamed roles.power.signOfLifeTimeout"])

        #expect(
            try problems("roles:\n  power:\n    heartbeatTimeout: -5m\n")
                == ["maintenanced.yaml:3:23: at roles.power.heartbeatTimeout: must not be negative, found -5m"])
        let both = try problems("roles:\n  power:\n    signOfLifeTimeout: 1m\n    heartbeatTimeout: 2m\n")
        #expect(both.count == 1)
        #expect(both.first?.hasPrefix("maintenanced.yaml:4:23: at roles.power.heartbeatTimeout: heartbeatTimeout is the old name of signOfLifeTimeout") == true)
    }

    @Test("values are read") func valuesAreRead() throws {
        let loaded = try load(
            """
            kafka:
              bootstrapServers: "b1:9092,b2:9092"
              properties:
                linger.ms: 5
                security.protocol: SASL_PLAINTEXT
                sasl.mechanism: PLAIN
                sasl.username: svc
                sasl.password: hunter2
            http: {port: 9090}
            logging: {level: debug, format: json}
            roles:
              scheduler:
                alwaysPerformMaintenance: true
                window: {start: "22:30", length: 6h}
                approval: {attempts: 5}
              power: {signOfLifeTimeout: 90s}
              update: {maxUnavailable: 3, evacuation: {timeout: 1h30m, attempts: 4}}
            """
        )
        let configuration = loaded.configuration
        #expect(configuration.kafka.bootstrapServers == "b1:9092,b2:9092")
        #expect(configuration.kafka.properties["linger.ms"] == "5")
        #expect(configuration.http.port == 9090)
        #expect(configuration.logging.level == .debug)
        #expect(configuration.logging.format == .json)
        #expect(configuration.roles.scheduler.alwaysPerformMaintenance)
        #expect(configuration.roles.scheduler.window == MaintenanceWindow(startMinute: 22 * 60 + 30, length: .hours(6)))
        #expect(configuration.roles.scheduler.approval == RetryPolicy(timeout: .hours(24), attempts: 5))
        #expect(configuration.roles.power.signOfLifeTimeout == .seconds(90))
        #expect(configuration.roles.maxUnavailable == 3)
        #expect(configuration.roles.update.evacuation == RetryPolicy(timeout: .minutes(90), attempts: 4))
        let consumer = configuration.consumerConfiguration(for: .update)
        #expect(consumer["group.id"] == "maintenanced-update")
        #expect(consumer["client.id"] == "maintenanced-update")
        #expect(consumer["bootstrap.servers"] == "b1:9092,b2:9092")
        #expect(!"\(consumer)".contains("hunter2"))
    }

    @Test("an unknown key names file, line and key") func anUnknownKeyNamesFileLineAndKey() throws {
        let found = try problems(
            """
            http:
              host: 127.0.0.1
              prot: 9
            """
        )
        #expect(found == [#"maintenanced.yaml:3:3: at http.prot: unknown key "prot" (did you mean "port"?)"#])
        let beside = try problems("http:\n  port: 8080\n  prot: 9\n")
        #expect(beside == [#"maintenanced.yaml:3:3: at http.prot: unknown key "prot""#])
        let nested = try problems("roles:\n  update:\n    maxUnavailible: 2\n")
        #expect(nested.count == 1)
        #expect(nested[0].hasPrefix("maintenanced.yaml:3:5: at roles.update.maxUnavailible: unknown key"))
    }

    @Test("bad values name file, line and key") func badValuesNameFileLineAndKey() throws {
        #expect(
            try problems("http:\n  port: 70000\n")
                == ["maintenanced.yaml:2:9: at http.port: must be between 0 (a free port the system picks) and 65535, found 70000"]
        )
        #expect(
            try problems("roles:\n  power:\n    reboot: {timeout: -5m}\n")
                == ["maintenanced.yaml:3:23: at roles.power.reboot.timeout: must not be negative, found -5m"]
        )
        let duration = try problems("roles:\n  update:\n    tickInterval: 10\n")
        #expect(duration.count == 1)
        #expect(duration[0].hasPrefix("maintenanced.yaml:3:19: at roles.update.tickInterval: expected a duration"))
        let level = try problems("logging:\n  level: loud\n")
        #expect(level.count == 1)
        #expect(level[0].hasPrefix("maintenanced.yaml:2:10: at logging.level"))
        // An install never reported ended is taken as ended after roles.power.installReportTimeout (null: never).
        #expect(try problems("roles:\n  power:\n    installReportTimeout: 0s\n") == [
            "maintenanced.yaml:3:27: at roles.power.installReportTimeout: must be longer than 0s",
        ])
        #expect(try load("roles:\n  power:\n    installReportTimeout: null\n").configuration.roles.power.installReportTimeout == nil)
        #expect(try load("roles:\n  power:\n    installReportTimeout: 90m\n").configuration.roles.power.installReportTimeout == .minutes(90))
        #expect(ServiceConfiguration().roles.power.installReportTimeout == .hours(3))
        // A power off reported during an install waits roles.power.installOffConfirmation for a sign of life (null: none).
        #expect(try problems("roles:\n  power:\n    installOffConfirmation: 0s\n") == [
            "maintenanced.yaml:3:29: at roles.power.installOffConfirmation: must be longer than 0s",
        ])
        #expect(try load("roles:\n  power:\n    installOffConfirmation: null\n").configuration.roles.power.installOffConfirmation == nil)
        #expect(try load("roles:\n  power:\n    installOffConfirmation: 90s\n").configuration.roles.power.installOffConfirmation == .seconds(90))
        #expect(ServiceConfiguration().roles.power.installOffConfirmation == .minutes(2))
        // Signs of life must name their boot when roles.power.requireBootId is true (off by default).
        #expect(ServiceConfiguration().roles.power.requireBootId == false)
        #expect(try load("roles:\n  power:\n    requireBootId: true\n").configuration.roles.power.requireBootId)
        #expect(try problems("roles:\n  power:\n    requireBootId: often\n").count == 1)
        #expect(
            try problems("roles:\n  update:\n    maxUnavailable: 0\n")
                == ["maintenanced.yaml:3:21: at roles.update.maxUnavailable: must be at least 1, found 0"]
        )
        #expect(
            try problems("kafka:\n  bootstrapServers: broker\n")
                == [#"maintenanced.yaml:2:21: at kafka.bootstrapServers: "broker" is not host:port with a port between 1 and 65535"#]
        )
        #expect(
            try problems("groups:\n  power: maintenanced-scheduler\n")
                == [#"maintenanced.yaml:2:10: at groups.power: "maintenanced-scheduler" is also the group of scheduler; each role needs its own group"#]
        )
    }

    @Test("librdkafka properties the service sets itself are refused in kafka.properties, naming file, line, key and why")
    func ownedPropertiesAreRefused() throws {
        let yaml = """
            kafka:
              properties:
                linger.ms: "5"
                enable.auto.commit: "true"
                group.id: mine
                bootstrap.servers: b:9092
                enable.auto.offset.store: "true"

            """
        let found = try problems(yaml)
        #expect(found.count == 4, "\(found)")
        #expect(found.contains { $0.hasPrefix("maintenanced.yaml:4:25: at kafka.properties[\"enable.auto.commit\"]: the service commits offsets itself") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("maintenanced.yaml:5:15: at kafka.properties[\"group.id\"]: set group.id through groups") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("maintenanced.yaml:6:24: at kafka.properties[\"bootstrap.servers\"]: set bootstrap.servers through kafka.bootstrapServers") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("maintenanced.yaml:7:31: at kafka.properties[\"enable.auto.offset.store\"]: the service stores a batch's offsets itself") }, "\(found)")
        // The interval of the consumer's resend of owed offsets stays the user's.
        #expect(try load("kafka:\n  properties:\n    auto.commit.interval.ms: \"1000\"\n").configuration.kafka.properties["auto.commit.interval.ms"] == "1000")
    }

    @Test("a librdkafka property librdkafka does not know, or whose value it does not take, is a problem naming file, line and key, or the variable; a secret's value is never shown")
    func propertiesLibrdkafkaRefusesAreProblems() throws {
        let yaml = """
            kafka:
              properties:
                linger.ms: "5"
                foo.bar: "1"
                queued.min.messages: lots
                consumer.idle.pause.ms: "2000"

            """
        let found = try problems(yaml)
        #expect(
            found == [
                #"maintenanced.yaml:4:14: at kafka.properties["foo.bar"]: No such configuration property: "foo.bar""#,
                #"maintenanced.yaml:5:26: at kafka.properties["queued.min.messages"]: Invalid value for configuration property "queued.min.messages""#,
            ], "\(found)")
        let fromEnvironment = try problems(
            nil, environment: ["MAINTENANCED_KAFKA_PROPERTY_SOCKET_TIMEOUT_MS": "-1", "MAINTENANCED_KAFKA_PROPERTY_MY__PROP": "x"])
        #expect(
            fromEnvironment == [
                #"environment variable MAINTENANCED_KAFKA_PROPERTY_MY__PROP: at kafka.properties.my_prop: No such configuration property: "my_prop""#,
                #"environment variable MAINTENANCED_KAFKA_PROPERTY_SOCKET_TIMEOUT_MS: at kafka.properties["socket.timeout.ms"]: Configuration property "socket.timeout.ms" value -1 is outside allowed range 10..300000"#,
            ], "\(fromEnvironment)")

        // A property read from a file (a secret, usually) is checked too, and its value not repeated.
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let secret = try fixtures.write("secret", "hunter2\n")
        let file = try fixtures.write("maintenanced.yaml", "kafka:\n  propertyFiles:\n    ssl.key.pasword: \(secret)\n")
        do {
            _ = try ConfigurationLoader(file: file, environment: [:]).load()
            Issue.record("expected a configuration error")
        } catch {
            let descriptions = error.problems.map(\.description)
            #expect(descriptions == ["\(file):3:22: at kafka.propertyFiles[\"ssl.key.pasword\"]: No such configuration property: \"ssl.key.pasword\""])
            #expect(!descriptions.joined().contains("hunter2"))
        }
    }

    @Test("the state directory: one that can be made or written in is read; a file, a missing parent, one that cannot be made or written in (root too) or an empty path name file, line and key")
    func stateDirectory() throws {
        let base = NSTemporaryDirectory() + "state-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        #expect(try load(nil).configuration.state.directory == nil)
        #expect(try load("state:\n  directory: \(base)/new\n").configuration.state.directory == "\(base)/new", "a missing one is made at start")
        #expect(try load("state:\n  directory: \(base)\n").configuration.state.directory == base)
        let file = base + "/file"
        try Data().write(to: URL(fileURLWithPath: file))
        #expect(try problems("state:\n  directory: \(file)\n") == ["maintenanced.yaml:2:14: at state.directory: \(file) is not a directory"])
        #expect(
            try problems("state:\n  directory: \(base)/a/b\n")
                == ["maintenanced.yaml:2:14: at state.directory: \(base)/a/b does not exist, nor does its parent \(base)/a"])
        #expect(try problems("state:\n  directory: \"\"\n") == ["maintenanced.yaml:2:14: at state.directory: must not be empty"])
        // Found by trying, for root too (whom `access()` tells that anything is writable): a
        // virtual file system takes neither a new directory nor a file; nothing is left behind.
        #expect(
            try problems("state:\n  directory: /proc/maintenanced-state\n").first?
                .hasPrefix("maintenanced.yaml:2:14: at state.directory: /proc/maintenanced-state does not exist and cannot be created in /proc (") == true)
        #expect(
            try problems("state:\n  directory: /proc/self\n").first?
                .hasPrefix("maintenanced.yaml:2:14: at state.directory: /proc/self is not writable (") == true)
        _ = try load("state:\n  directory: \(base)/made\n")
        _ = try load("state:\n  directory: \(base)\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: base) == ["file"], "the checks leave nothing behind")
        #expect(
            try load(nil, environment: ["MAINTENANCED_STATE_DIRECTORY": base]).configuration.state.directory == base)
        // Periodic snapshots: every 5 minutes unless set; null turns them off; less than a second is refused.
        #expect(try load(nil).configuration.state.snapshotInterval == .minutes(5))
        #expect(try load("state:\n  snapshotInterval: 30s\n").configuration.state.snapshotInterval == .seconds(30))
        #expect(try load("state:\n  snapshotInterval: null\n").configuration.state.snapshotInterval == nil)
        #expect(
            try problems("state:\n  snapshotInterval: 500ms\n")
                == ["maintenanced.yaml:2:21: at state.snapshotInterval: must be at least 1s (or null: snapshots only at a graceful stop), found 500ms"])
    }

    @Test("every problem is reported at once") func everyProblemIsReportedAtOnce() throws {
        let found = try problems("http: {port: 70000}\nroles: {update: {maxUnavailable: -1}}\n")
        #expect(found.count == 2)
    }

    @Test("SASL without credentials and missing TLS files are errors") func saslWithoutCredentialsAndMissingTLSFilesAreErrors() throws {
        let found = try problems(
            """
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-512
                sasl.username: svc
                ssl.ca.location: /nonexistent/ca.crt
            """
        )
        #expect(found.count == 2)
        #expect(found[0].hasPrefix(#"maintenanced.yaml:4:21: at kafka.properties["sasl.mechanism"]: SASL mechanism SCRAM-SHA-512 needs sasl.password"#))
        #expect(found[0].contains("MAINTENANCED_KAFKA_PROPERTY_SASL_PASSWORD"))
        #expect(found[1] == #"maintenanced.yaml:6:22: at kafka.properties["ssl.ca.location"]: ssl.ca.location names /nonexistent/ca.crt, which does not exist"#)
        let wrongProtocol = try problems("kafka:\n  properties: {sasl.mechanism: PLAIN, sasl.username: a, sasl.password: b}\n")
        #expect(wrongProtocol.count == 1)
        #expect(wrongProtocol[0].contains("security.protocol is PLAINTEXT"))
    }

    @Test("secrets may come from files and the environment") func secretsMayComeFromFilesAndTheEnvironment() throws {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let secret = try fixtures.write("password", "s3cr3t\n")
        let ca = try fixtures.write("ca.crt", "-----BEGIN CERTIFICATE-----\n")
        let file = try fixtures.write(
            "maintenanced.yaml",
            """
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanism: SCRAM-SHA-256
                ssl.ca.location: \(ca)
              propertyFiles:
                sasl.password: \(secret)
            """
        )
        let loaded = try ConfigurationLoader(
            file: file, environment: ["MAINTENANCED_KAFKA_PROPERTY_SASL_USERNAME": "svc"]
        ).load()
        let kafka = loaded.configuration.kafkaConfiguration
        #expect(kafka["sasl.password"] == "s3cr3t")
        #expect(kafka["sasl.username"] == "svc")
        #expect(!loaded.maskedYAML.contains("s3cr3t"))
        #expect(!"\(kafka)".contains("s3cr3t"))

        let missing = try fixtures.write("missing.yaml", "kafka:\n  propertyFiles:\n    sasl.password: \(fixtures.directory)/nope\n")
        #expect(throws: ConfigurationError.self) { try ConfigurationLoader(file: missing, environment: [:]).load() }
    }

    @Test("the environment overrides the file") func theEnvironmentOverridesTheFile() throws {
        let loaded = try load(
            "http:\n  port: 8080\n",
            environment: [
                "MAINTENANCED_HTTP_PORT": "9191",
                "MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS": "k:9093",
                "MAINTENANCED_ROLES_UPDATE_MAX_UNAVAILABLE": "2",
                "MAINTENANCED_ROLES_POWER_REBOOT_TIMEOUT": "20m",
                "MAINTENANCED_ROLES_SCHEDULER_ALWAYS_PERFORM_MAINTENANCE": "true",
                "MAINTENANCED_LOGGING_FORMAT": "text",
                "MAINTENANCED_KAFKA_PROPERTY_SASL_PASSWORD": "hunter2",
                "MAINTENANCED_CONFIG": "ignored-here",
                "UNRELATED": "1",
            ]
        )
        let configuration = loaded.configuration
        #expect(configuration.http.port == 9191)
        #expect(configuration.kafka.bootstrapServers == "k:9093")
        #expect(configuration.roles.maxUnavailable == 2)
        #expect(configuration.roles.power.reboot == RetryPolicy(timeout: .minutes(20), attempts: 2))
        #expect(configuration.roles.scheduler.alwaysPerformMaintenance)
        #expect(configuration.logging.format == .text)
        #expect(configuration.kafka.properties["sasl.password"] == "hunter2")
        let yaml = loaded.maskedYAML
        #expect(yaml.contains("port: 9191  # from MAINTENANCED_HTTP_PORT"))
        #expect(yaml.contains(#"sasl.password: "***""#))
        #expect(!yaml.contains("hunter2"))
    }

    @Test("environment problems name the variable") func environmentProblemsNameTheVariable() throws {
        #expect(
            try problems(nil, environment: ["MAINTENANCED_HTTP_PROT": "1"])
                == ["environment variable MAINTENANCED_HTTP_PROT: unknown variable MAINTENANCED_HTTP_PROT (did you mean MAINTENANCED_HTTP_PORT?)"]
        )
        #expect(
            try problems("http: {port: 80}\n", environment: ["MAINTENANCED_HTTP_PORT": "eighty"])
                == [#"environment variable MAINTENANCED_HTTP_PORT: at http.port: expected an integer, found "eighty""#]
        )
        #expect(
            try problems(nil, environment: ["MAINTENANCED_HTTP_PORT": "-1"])
                == ["environment variable MAINTENANCED_HTTP_PORT: at http.port: must be between 0 (a free port the system picks) and 65535, found -1"]
        )
        // Set to nothing: an empty text, not null (which left the default while naming the variable as its source).
        #expect(
            try problems("http: {port: 80}\n", environment: ["MAINTENANCED_HTTP_PORT": ""])
                == ["environment variable MAINTENANCED_HTTP_PORT: at http.port: expected an integer, found the string \"\""]
        )
        #expect(
            try problems(nil, environment: ["MAINTENANCED_KAFKA_CLIENT_ID": ""])
                == ["environment variable MAINTENANCED_KAFKA_CLIENT_ID: at kafka.clientId: must not be empty"]
        )
    }

    @Test("variables that are not settings pass: Kubernetes' service links of a Service named maintenanced-*, and get's MAINTENANCED_SERVER; a mistyped setting is still named")
    func serviceLinksAndTheServerVariablePass() throws {
        let kubernetes = [
            "MAINTENANCED_SCHEDULER_SERVICE_HOST": "10.96.0.12", "MAINTENANCED_SCHEDULER_SERVICE_PORT": "8080",
            "MAINTENANCED_SCHEDULER_SERVICE_PORT_HTTP": "8080", "MAINTENANCED_SCHEDULER_PORT": "tcp://10.96.0.12:8080",
            "MAINTENANCED_SCHEDULER_PORT_8080_TCP": "tcp://10.96.0.12:8080", "MAINTENANCED_SCHEDULER_PORT_8080_TCP_PROTO": "tcp",
            "MAINTENANCED_SCHEDULER_PORT_8080_TCP_PORT": "8080", "MAINTENANCED_SCHEDULER_PORT_8080_TCP_ADDR": "10.96.0.12",
            "MAINTENANCED_SERVER": "http://127.0.0.1:8080",
        ]
        let loaded = try load("http:\n  port: 9000\n", environment: kubernetes)
        #expect(loaded.overrides.isEmpty && loaded.configuration.http.port == 9000)
        #expect(try problems(nil, environment: ["MAINTENANCED_HTPP_PORT": "8080"]) == [
            "environment variable MAINTENANCED_HTPP_PORT: unknown variable MAINTENANCED_HTPP_PORT (did you mean MAINTENANCED_HTTP_PORT?)",
        ])
        #expect(try problems(nil, environment: ["MAINTENANCED_POWER_PORT": "8080"]).count == 1)
        #expect(try problems(nil, environment: ["MAINTENANCED_POWER_PORT_8080_TCP_NAME": "x"]).count == 1)
    }

    @Test("every setting has a variable that round-trips") func everySettingHasAVariableThatRoundTrips() throws {
        let settings = ConfigurationEnvironment.settings
        #expect(settings.count == 53)
        #expect(settings.contains { $0.variable == "MAINTENANCED_ROLES_POWER_INSTALL_OFF_CONFIRMATION" })
        #expect(settings.contains { $0.variable == "MAINTENANCED_ROLES_POWER_INSTALL_REPORT_TIMEOUT" })
        #expect(settings.contains { $0.variable == "MAINTENANCED_STATE_SNAPSHOT_INTERVAL" })
        #expect(settings.contains { $0.variable == "MAINTENANCED_STATE_DIRECTORY" })
        #expect(settings.contains { $0.variable == "MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS" })
        #expect(settings.contains { $0.variable == "MAINTENANCED_ROLES_SCHEDULER_WINDOW_START" })
        #expect(
            ConfigurationEnvironment.deprecatedSettings.map(\.variable) == [
                "MAINTENANCED_ROLES_SCHEDULER_MAINTENANCE_WINDOW_START", "MAINTENANCED_ROLES_SCHEDULER_MAINTENANCE_WINDOW_LENGTH",
                "MAINTENANCED_ROLES_POWER_HEARTBEAT_TIMEOUT",
            ])
        #expect(Set(settings.map(\.variable)).count == settings.count)
        // The effective YAML of the defaults reads back as the defaults.
        #expect(try load(ServiceConfiguration().maskedYAML).configuration == ServiceConfiguration())
    }

    @Test("durations parse and print") func durationsParseAndPrint() {
        #expect(ConfigDuration(parsing: "1h30m") == .minutes(90))
        #expect(ConfigDuration(parsing: "250ms")?.milliseconds == 250)
        #expect(ConfigDuration(parsing: "-5s") == .seconds(-5))
        #expect(ConfigDuration(parsing: "2d")?.description == "2d")
        #expect(ConfigDuration(parsing: "90s")?.description == "1m30s")
        #expect(ConfigDuration(parsing: "10") == nil)
        #expect(ConfigDuration(parsing: "5 minutes") == nil)
        #expect(ConfigDuration(parsing: "") == nil)
    }

    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
}
