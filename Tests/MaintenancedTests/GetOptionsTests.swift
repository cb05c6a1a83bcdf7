import ArgumentParser
import Foundation
import MaintenancedConfiguration
import MaintenancedTesting
import Testing

@testable import maintenanced

/// Where `maintenanced get` asks, and what it says when nothing answers there.
@Suite("get --server: the instance's address, and an unreachable one in words", .timeLimit(.minutes(1)))
struct GetOptionsTests {
    @Test("HOST:PORT and HOST mean http://; http:// in any case is kept, a trailing / dropped; other schemes and no host are usage errors")
    func instanceURL() throws {
        let accepted = [
            "127.0.0.1:8080": "http://127.0.0.1:8080", "localhost": "http://localhost", "status.example:9000/": "http://status.example:9000",
            "[::1]:8080": "http://[::1]:8080", "http://10.0.3.7:8080": "http://10.0.3.7:8080", "HTTP://host:1/prefix/": "http://host:1/prefix",
        ]
        for (address, url) in accepted {
            #expect(try InstanceOptions.instanceURL(address, from: "--server ") == url, "\(address)")
        }
        let refused = [
            "https://host:8443": "--server https://host:8443: https:// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)",
            "ftp://host": "--server ftp://host: ftp:// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)",
            "http://": "--server http://: expected HOST:PORT or http://HOST:PORT",
            "host:0": "--server host:0: expected HOST:PORT or http://HOST:PORT",
            "host:port": "--server host:port: expected HOST:PORT or http://HOST:PORT",
        ]
        for (address, message) in refused {
            #expect(throws: ValidationError.self, "\(address)") { try InstanceOptions.instanceURL(address, from: "--server ") }
            do {
                _ = try InstanceOptions.instanceURL(address, from: "--server ")
            } catch {
                #expect(error.message == message)
            }
        }
    }

    @Test("a refused connection names the URL and says why in words, not in NIO's error structures")
    func unreachable() async throws {
        do {
            _ = try await PeerClient(timeout: 5).get("http://127.0.0.1:1/v1/servers?limit=1")
            Issue.record("port 1 answered")
        } catch {
            #expect("\(error)" == "cannot reach http://127.0.0.1:1/v1/servers?limit=1: connection refused (127.0.0.1)")
        }
        #expect(PeerClient.reason(PeerClient.PeerTimeout(seconds: 3)) == "no answer within 3 s")
    }

    @Test("an answer other than 200 is the API's error with its message, not 'not JSON'")
    func refusedAnswers() async throws {
        let peer = try #require(ListeningSocket())
        let body = #"{"error":"unavailable","message":"the partition's owner is moving"}"#
        peer.answerOnce(with: "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        do {
            _ = try await PeerClient(timeout: 5).getOK("http://127.0.0.1:\(peer.port)/v1/local/scheduler")
            Issue.record("a 503 was taken")
        } catch {
            #expect("\(error)" == "answered HTTP 503: the partition's owner is moving")
        }
        // Its listening socket lives until here, not only until its port was last read.
        withExtendedLifetime(peer) {}
    }

    @Test("without --server, get asks where the configuration has an instance on this host listen: loopback for an address that binds every one")
    func localURL() {
        let cases = [("0.0.0.0", "http://127.0.0.1:9090"), ("", "http://127.0.0.1:9090"), ("::", "http://[::1]:9090"),
            ("10.0.3.7", "http://10.0.3.7:9090"), ("fe80::1", "http://[fe80::1]:9090"), ("status.local", "http://status.local:9090")]
        for (host, url) in cases {
            #expect(InstanceOptions.localURL(HTTPSettings(host: host, port: 9090)) == url, "\(host)")
            #expect(PeerClient.Target(url) != nil, "\(url)")
        }
    }

    @Test("get health: 0 with the instance's answer when alive, 1 when it answers 503, 69 when nothing answers; the port from MAINTENANCED_HTTP_PORT or the configuration file; 64 for http.port 0, 78 for a bad file")
    func health() async throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAINTENANCED_") }
        let alive = try #require(ListeningSocket())
        alive.answerOnce(with: "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n")
        let ok = try await ChildProcess.run(["get", "health"], environment: environment.merging(["MAINTENANCED_HTTP_PORT": "\(alive.port)"]) { $1 })
        #expect(ok.status == 0 && ok.output == "ok\n", "\(ok)")

        let notReady = try #require(ListeningSocket())
        let body = #"{"ready":false,"shuttingDown":true,"roles":{}}"#
        notReady.answerOnce(
            with: "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("get-health-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("maintenanced.yaml")
        try "http:\n  port: \(notReady.port)\n".write(to: file, atomically: true, encoding: .utf8)
        let refused = try await ChildProcess.run(["get", "health", "--ready"], environment: environment.merging(["MAINTENANCED_CONFIG": file.path]) { $1 })
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.errors.contains("maintenanced get: http://127.0.0.1:\(notReady.port)/readyz: HTTP 503: \(body)"), "\(refused.errors)")

        let closed = try await ChildProcess.run(["get", "health", "--server", "127.0.0.1:1"], environment: environment)
        #expect(closed.status == 69 && closed.errors.contains("cannot reach http://127.0.0.1:1/healthz: connection refused"), "\(closed)")

        try "http:\n  port: 0\n".write(to: file, atomically: true, encoding: .utf8)
        let anyPort = try await ChildProcess.run(["get", "health", "--config", file.path], environment: environment)
        #expect(anyPort.status == 64 && anyPort.errors.contains("http.port is 0"), "\(anyPort)")
        try "http:\n  prot: 8080\n".write(to: file, atomically: true, encoding: .utf8)
        let bad = try await ChildProcess.run(["get", "health", "--config", file.path], environment: environment)
        #expect(bad.status == 78 && bad.errors.contains("maintenanced.yaml:2"), "\(bad)")
        withExtendedLifetime((alive, notReady)) {}
    }
}
