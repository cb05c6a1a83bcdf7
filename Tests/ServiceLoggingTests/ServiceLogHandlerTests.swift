import Foundation
import Logging
import Testing

@testable import ServiceLogging

@Suite("the service's log handler: JSON lines or readable text, secrets never written") struct ServiceLogHandlerTests {
    private func object(_ line: String) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(parsed as? [String: Any], "not a JSON object: \(line)")
    }

    @Test("JSON lines carry the fields and lift the well-known keys") func jsonLinesCarryTheFieldsAndLiftTheWellKnownKeys() throws {
        let capture = LogCapture()
        var logger = capture.logger(format: .json, metadata: [LogField.role: "power"])
        logger[metadataKey: "partition"] = "3"
        logger.info(
            "status changed",
            metadata: [LogField.serverID: "srv-17", LogField.eventID: "e-1", "offset": .stringConvertible(42)]
        )
        logger.warning("no event ids here")
        let lines = capture.lines
        #expect(lines.count == 2)
        let first = try object(lines[0])
        #expect(first["timestamp"] as? String == "2026-11-21T09:30:00.123Z")
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "maintenanced.test")
        #expect(first["message"] as? String == "status changed")
        #expect(first["role"] as? String == "power")
        #expect(first["server_id"] as? String == "srv-17")
        #expect(first["event_id"] as? String == "e-1")
        let metadata = try #require(first["metadata"] as? [String: Any])
        #expect(metadata["partition"] as? String == "3")
        #expect(metadata["offset"] as? String == "42")
        #expect(metadata["role"] == nil)
        let second = try object(lines[1])
        #expect(second["server_id"] == nil)
        #expect(second["event_id"] == nil)
        #expect(second["role"] as? String == "power")
    }

    @Test("awkward text stays one valid line") func awkwardTextStaysOneValidLine() throws {
        let capture = LogCapture()
        let logger = capture.logger(format: .json)
        let nasty = "quote \" backslash \\ newline \n tab \t bell \u{07} line-separator \u{2028} ünïcödé 🚀"
        logger.error("\(nasty)", metadata: ["nested": ["list": [.string(nasty), "x"], "n": "1"]])
        let lines = capture.lines
        #expect(lines.count == 1)
        #expect(!lines[0].contains("\n"))
        let parsed = try object(lines[0])
        #expect(parsed["message"] as? String == nasty)
        let nested = try #require((parsed["metadata"] as? [String: Any])?["nested"] as? [String: Any])
        #expect((nested["list"] as? [String])?.first == nasty)
    }

    @Test("secrets are never written") func secretsAreNeverWritten() throws {
        let capture = LogCapture()
        let logger = capture.logger(format: .json)
        logger.info(
            "connecting",
            metadata: [
                "sasl.password": "hunter2",
                "kafka": ["sasl.username": "svc", "ssl.key.password": "hunter3", "ssl.key.pem": "-----BEGIN"],
                "token": "abc.def",
            ]
        )
        let text = capture.logger(format: .text)
        text.info("connecting", metadata: ["sasl.jaas.config": "org.apache… password=\"hunter4\""])
        let joined = capture.lines.joined(separator: "\n")
        for secret in ["hunter2", "hunter3", "hunter4", "-----BEGIN", "abc.def"] {
            #expect(!joined.contains(secret), "\(secret) leaked: \(joined)")
        }
        #expect(joined.contains("svc"))
        let parsed = try object(capture.lines[0])
        #expect((parsed["metadata"] as? [String: Any])?["sasl.password"] as? String == "***")
    }

    @Test("text is readable, and auto follows the terminal") func textIsReadableAndAutoFollowsTheTerminal() throws {
        let capture = LogCapture()
        let onTerminal = capture.logger(format: .auto, isTerminal: true, metadata: [LogField.role: "update"])
        onTerminal.notice("rolling update started", metadata: ["cluster": "c 1", LogField.serverID: "s1"])
        let offTerminal = capture.logger(format: .auto, isTerminal: false)
        offTerminal.notice("json here")
        let lines = capture.lines
        #expect(
            lines[0]
                == "2026-11-21T09:30:00.123Z notice maintenanced.test: rolling update started role=update server_id=s1 cluster=\"c 1\""
        )
        #expect(try object(lines[1])["message"] as? String == "json here")
    }

    @Test("messages below the handler's level are dropped") func levelsBelowTheHandlersAreDropped() {
        let capture = LogCapture()
        let logger = capture.logger(format: .json, level: .warning)
        logger.info("dropped")
        logger.debug("dropped")
        logger.warning("kept")
        #expect(capture.lines.count == 1)
    }

    @Test("errors are a field") func errorsAreAField() throws {
        struct Broken: Error, CustomStringConvertible { var description: String { "broker gone" } }
        let capture = LogCapture()
        capture.logger(format: .json).error("failed", error: Broken())
        #expect(try object(capture.lines[0])["error"] as? String == "broker gone")
    }

    @Test("timestamps are RFC 3339") func timestampsAreRFC3339() {
        #expect(LogTimestamp.format(seconds: 0, milliseconds: 5) == "1970-01-01T00:00:00.005Z")
        #expect(LogTimestamp.format(seconds: 1_795_253_400, milliseconds: 123) == "2026-11-21T09:30:00.123Z")
        #expect(LogTimestamp.now().hasSuffix("Z"))
    }
}
