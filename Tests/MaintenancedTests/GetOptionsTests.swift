import ArgumentParser
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
            #expect(try GetOptions.instanceURL(address, from: "--server ") == url, "\(address)")
        }
        let refused = [
            "https://host:8443": "--server https://host:8443: https:// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)",
            "ftp://host": "--server ftp://host: ftp:// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)",
            "http://": "--server http://: expected HOST:PORT or http://HOST:PORT",
            "host:0": "--server host:0: expected HOST:PORT or http://HOST:PORT",
            "host:port": "--server host:port: expected HOST:PORT or http://HOST:PORT",
        ]
        for (address, message) in refused {
            #expect(throws: ValidationError.self, "\(address)") { try GetOptions.instanceURL(address, from: "--server ") }
            do {
                _ = try GetOptions.instanceURL(address, from: "--server ")
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
    }
}
