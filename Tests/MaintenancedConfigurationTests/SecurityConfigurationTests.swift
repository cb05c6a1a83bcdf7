import Foundation
import Kafka
import Logging
import MaintenancedTesting
import Testing

@testable import MaintenancedConfiguration

/// TLS and SASL settings: validated at start-up with the file, line and key, passed
/// to librdkafka unchanged, and their secrets never shown.
@Suite("TLS and SASL settings: validated with file, line and key, passed to librdkafka, secrets never shown") struct SecurityConfigurationTests {
    static let secret = "hunter2-d0-not-print"

    /// The problems of `text` as `config check` and `run` print them, with the fixture directory cut.
    private func problems(_ text: String, files: [String: String] = [:]) throws -> [String] {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        for (name, content) in files { try fixtures.write(name, content) }
        let file = try fixtures.write("maintenanced.yaml", text.replacingOccurrences(of: "$DIR", with: fixtures.directory))
        do {
            _ = try ConfigurationLoader(file: file, environment: [:]).load()
            Issue.record("expected a configuration error")
            return []
        } catch {
            return error.problems.map { $0.description.replacingOccurrences(of: fixtures.directory + "/", with: "") }
        }
    }

    @Test("security mistakes name file, line and key") func securityMistakesNameFileLineAndKey() throws {
        let noMechanism = try problems("kafka:\n  properties:\n    security.protocol: SASL_SSL\n    sasl.username: svc\n")
        #expect(noMechanism == [#"maintenanced.yaml:3:24: at kafka.properties["security.protocol"]: SASL_SSL needs sasl.mechanism (one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, GSSAPI, OAUTHBEARER)"#])

        let unknownProtocol = try problems("kafka:\n  properties: {security.protocol: TLS}\n")
        #expect(unknownProtocol.count == 1)
        #expect(unknownProtocol.first?.hasPrefix(#"maintenanced.yaml:2:35: at kafka.properties["security.protocol"]: expected one of PLAINTEXT, SSL"#) == true, "\(unknownProtocol)")

        let unknownMechanism = try problems("kafka:\n  properties: {security.protocol: SASL_SSL, sasl.mechanisms: SCRAM-SHA-1}\n")
        #expect(unknownMechanism.count == 1)
        #expect(unknownMechanism.first?.contains(#"at kafka.properties["sasl.mechanisms"]: expected one of PLAIN,"#) == true)
        #expect(unknownMechanism.first?.contains(#"found "SCRAM-SHA-1""#) == true)

        let missingCA = try problems("kafka:\n  properties: {security.protocol: SSL, ssl.ca.location: /nonexistent/ca.pem}\n")
        #expect(missingCA == [#"maintenanced.yaml:2:57: at kafka.properties["ssl.ca.location"]: ssl.ca.location names /nonexistent/ca.pem, which does not exist"#])

        let tlsWithoutTLS = try problems("kafka:\n  properties:\n    ssl.ca.location: $DIR/ca.pem\n", files: ["ca.pem": "x"])
        #expect(tlsWithoutTLS == [#"maintenanced.yaml:3:22: at kafka.properties["ssl.ca.location"]: ssl.ca.location is set but security.protocol is PLAINTEXT, which does not use TLS; use SSL or SASL_SSL"#])

        let certificateWithoutKey = try problems(
            "kafka:\n  properties:\n    security.protocol: SSL\n    ssl.certificate.location: $DIR/tls.crt\n", files: ["tls.crt": "x"])
        #expect(certificateWithoutKey.count == 1)
        #expect(certificateWithoutKey.first?.contains("ssl.certificate.location is set without ssl.key.location") == true)
    }

    @Test("problems never show a secret") func problemsNeverShowASecret() throws {
        let found = try problems(
            """
            kafka:
              properties:
                security.protocol: PLAINTEXT
                sasl.mechanism: PLAIN
                sasl.username: svc
                sasl.password: \(Self.secret)
                ssl.key.password: \(Self.secret)
                ssl.key.location: /nonexistent/key.pem
            """)
        // mechanism without SASL, key file missing, key file without TLS, key without certificate
        #expect(found.count == 4, "\(found)")
        #expect(!found.joined().contains(Self.secret))
    }

    @Test("valid SASL and TLS settings reach librdkafka") func validSASLAndTLSSettingsReachLibrdkafka() throws {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let ca = try fixtures.write("ca.pem", "not a certificate\n")
        let password = try fixtures.write("password", Self.secret + "\n")
        let file = try fixtures.write(
            "maintenanced.yaml",
            """
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.mechanisms: SCRAM-SHA-512
                sasl.username: svc
                ssl.ca.location: \(ca)
              propertyFiles:
                sasl.password: \(password)
            """)
        let loaded = try ConfigurationLoader(file: file, environment: [:]).load()
        let kafka = loaded.configuration.kafkaConfiguration
        #expect(kafka["security.protocol"] == "SASL_SSL")
        #expect(kafka["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(kafka["sasl.password"] == Self.secret)
        #expect(kafka["ssl.ca.location"] == ca)
        #expect(!loaded.maskedYAML.contains(Self.secret))
        #expect(!"\(kafka)".contains(Self.secret))

        // librdkafka reads the CA file when the client is created: the error is its own, and shows no secret.
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: kafka, logger: Logger(label: "security-test"))
        }
        #expect(error.description.contains("ssl.ca.location"), "\(error)")
        #expect(!error.description.contains(Self.secret))
    }

    @Test("librdkafka logs never show a secret") func librdkafkaLogsNeverShowASecret() async throws {
        let capture = LogCapture()
        let logger = capture.logger(label: "security-test")
        let configuration = KafkaConfiguration(
            bootstrapServers: "127.0.0.1:1",
            [
                "security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "PLAIN", "sasl.username": "svc",
                "sasl.password": Self.secret, "debug": "conf,security,broker", "log_level": "7", "reconnect.backoff.ms": "50",
            ])
        logger.info("connecting", metadata: ["kafka": "\(configuration)"])
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        try await Task.sleep(for: .milliseconds(800))
        try await producer.close()
        let lines = capture.lines
        #expect(lines.count > 5, "librdkafka's debug log reached the logger")
        #expect(lines.contains { $0.contains("sasl.username") || $0.contains("svc") }, "the configuration was logged")
        #expect(!lines.contains { $0.contains(Self.secret) })
    }

    @Test("deep or self-multiplying configuration files are errors, not crashes") func deepOrSelfMultiplyingConfigurationFilesAreErrorsNotCrashes() throws {
        let deep = try problems("kafka:\n  properties: " + String(repeating: "[", count: 1_000_000))
        #expect(deep.count == 1)
        #expect(deep.first?.hasPrefix("maintenanced.yaml:") == true)
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for level in 1...12 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let laughs = try problems(lines.joined(separator: "\n") + "\n")
        #expect(laughs.count == 1)
        #expect(laughs.first?.hasPrefix("maintenanced.yaml:") == true)
    }
}
