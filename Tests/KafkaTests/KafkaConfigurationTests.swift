import Kafka
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
}
