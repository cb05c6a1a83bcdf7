import Kafka
import MaintenancedTesting
import Testing

@Suite("Configuration")
struct KafkaConfigurationTests {
    @Test("secret-like properties are masked in descriptions", arguments: [
        "sasl.password", "ssl.key.password", "ssl.keystore.password", "sasl.oauthbearer.client.secret", "my.Secret", "sasl.jaas.config",
    ])
    func secretsAreMasked(key: String) {
        let configuration = KafkaConfiguration(bootstrapServers: "b:9092", [key: "hunter2", "security.protocol": "SASL_SSL"])
        #expect(KafkaConfiguration.isSecret(key: key))
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("\(key)=***"))
        #expect(configuration.description.contains("security.protocol=SASL_SSL"))
    }

    @Test("any librdkafka property passes through; an invalid secret value is not echoed")
    func invalidPropertiesAreReportedWithoutSecrets() throws {
        let error = try #require(throws: KafkaError.self) {
            try KafkaProducer(configuration: KafkaConfiguration(["ssl.key.password": "hunter2", "no.such.property": "x"]), logger: testLogger)
        }
        #expect(!error.reason.contains("hunter2"))
        #expect(error.reason.contains("no.such.property"))
        _ = try KafkaProducer(
            configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1", ["security.protocol": "plaintext", "sasl.mechanism": "PLAIN"]),
            logger: testLogger)
    }

    @Test("problem(setting:to:) says what librdkafka says of one property: unknown, out of range, not a choice; nil when taken")
    func propertyProblems() {
        #expect(KafkaConfiguration.problem(setting: "linger.ms", to: "5") == nil)
        #expect(KafkaConfiguration.problem(setting: "consumer.idle.pause.ms", to: "2000") == nil)
        #expect(KafkaConfiguration.problem(setting: "foo.bar", to: "1") == #"No such configuration property: "foo.bar""#)
        #expect(KafkaConfiguration.problem(setting: "socket.timeout.ms", to: "-1") == #"Configuration property "socket.timeout.ms" value -1 is outside allowed range 10..300000"#)
        #expect(KafkaConfiguration.problem(setting: "security.protocol", to: "TLS")?.hasPrefix(#"Invalid value "TLS" for configuration property "security.protocol""#) == true)
    }

    @Test("a broker that cannot be reached is logged once per failure, as librdkafka's own line, not again by the error callback")
    func connectionFailuresAreLoggedOnce() async throws {
        let capture = LogCapture()
        // A consumer serves the error callback when it polls.
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1", ["group.id": "unreachable", "reconnect.backoff.ms": "100", "reconnect.backoff.max.ms": "100"]),
            logger: capture.logger(label: "unreachable"))
        try consumer.subscribe(["t"])
        for _ in 0..<3 { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .seconds(1)) }
        try await waitUntil("a connection failure logged", timeout: .seconds(20)) { capture.lines.contains { $0.contains("Connect to") } }
        _ = try await consumer.close(timeout: .seconds(5))
        let failures = capture.lines.filter { $0.contains("Connect to") }
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.contains("rdkafka.facility\": FAIL") || $0.contains("\"rdkafka.facility\": \"FAIL\"") }, "\(failures)")
        #expect(!capture.lines.contains { $0.contains("Kafka: ") && $0.contains("Connect to") }, "\(failures)")
    }
}
