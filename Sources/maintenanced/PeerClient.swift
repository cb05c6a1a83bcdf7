import Events
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GETs JSON from another instance's status API (or, for `get`, from any instance).
///
/// Plain HTTP/1.1 over SwiftNIO (the status API is served without TLS on the instance's
/// port), not Foundation's URLSession: a binary linked with the static Swift standard
/// library would otherwise need libcurl.
struct PeerClient: Sendable {
    /// Why a GET gave no JSON answer.
    enum Failure: Error, CustomStringConvertible {
        /// Nothing answered: `reason` says why in words (connection refused, no answer within 3 s, …).
        case unreachable(url: String, reason: String)
        /// An answer that is not JSON.
        case malformed(status: Int, String)
        /// A JSON answer other than 200 OK: the API's error, with its message.
        case refused(status: Int, message: String)

        var description: String {
            switch self {
            case .unreachable(let url, let reason): "cannot reach \(url): \(reason)"
            case .malformed(let status, let reason): "HTTP \(status), not JSON: \(reason)"
            case .refused(let status, let message): "answered HTTP \(status): \(message)"
            }
        }
    }

    /// `GET url` when only a 200 OK will do: its JSON body, or `refused` with the error's message.
    func getOK(_ url: String) async throws(Failure) -> JSONValue {
        let answer = try await get(url)
        guard answer.status == 200 else {
            throw .refused(status: answer.status, message: answer.body["message"]?.stringValue ?? "no message")
        }
        return answer.body
    }

    /// How long one request may take, in seconds.
    var timeout: Double = 5

    /// `GET url` (`http://host[:port]/path?query`): the status code and the JSON body.
    func get(_ url: String) async throws(Failure) -> (status: Int, body: JSONValue) {
        let answer = try await getBytes(url)
        do {
            return (answer.status, try JSONParser().parse(answer.body))
        } catch {
            throw .malformed(status: answer.status, String(decoding: answer.body.prefix(200), as: UTF8.self))
        }
    }

    /// `GET url`: the status code and the body as it came (`/healthz` answers text).
    func getBytes(_ url: String) async throws(Failure) -> (status: Int, body: [UInt8]) {
        guard let target = Target(url) else { throw .unreachable(url: url, reason: "not an http://HOST[:PORT] URL") }
        do {
            return try await withThrowingTaskGroup(of: (status: Int, body: [UInt8])?.self) { tasks in
                tasks.addTask { try await Self.fetch(target) }
                tasks.addTask {
                    try await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                    return nil
                }
                defer { tasks.cancelAll() }
                guard let first = try await tasks.next(), let answer = first else {
                    throw PeerTimeout(seconds: timeout)
                }
                return answer
            }
        } catch {
            throw .unreachable(url: url, reason: Self.reason(error))
        }
    }

    /// One request on a connection of its own.
    private static func fetch(_ target: Target) async throws -> (status: Int, body: [UInt8]) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: target.host, port: target.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.path)
            head.headers.add(name: "Host", value: "\(target.host):\(target.port)")
            head.headers.add(name: "Accept", value: "application/json")
            head.headers.add(name: "Connection", value: "close")
            // Head and end in one write: written apart, a task that resumed late found the server
            // had answered the head and closed (Connection: close), and failed with "I/O on closed
            // channel" although the answer was there.
            try await outbound.write(contentsOf: [.head(head), .end(nil)])
            var status = 0
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let response): status = Int(response.status.code)
                case .body(var buffer): body += buffer.readBytes(length: buffer.readableBytes) ?? []
                case .end: return (status, body)
                }
            }
            return (status, body)
        }
    }

    /// The parts of an `http://` URL a request needs.
    struct Target: Sendable {
        var host: String
        var port: Int
        var path: String

        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            let remainder = rest.dropFirst(authority.count)
            path = remainder.isEmpty ? "/" : (remainder.hasPrefix("/") ? String(remainder) : "/" + remainder)
            if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : 80
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                port = Int(authority[authority.index(after: colon)...]) ?? -1
            } else {
                host = String(authority)
                port = 80
            }
            guard !host.isEmpty, (1...65_535).contains(port) else { return nil }
        }
    }

    /// Why a request got no answer, in words: `connection refused`, `the host name x does
    /// not resolve`, `no answer within 3 s`; NIO's own errors print as their structures.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as NIOConnectionError:
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty {
                return "the host name \(error.host) does not resolve"
            }
            var reasons: [String] = []
            for failure in error.connectionErrors {
                let reason = "\(reason(failure.error)) (\(failure.target.ipAddress ?? "?"))"
                if !reasons.contains(reason) { reasons.append(reason) }
            }
            return reasons.isEmpty ? "no address of \(error.host) to connect to" : reasons.joined(separator: "; ")
        case let error as IOError:
            return String(cString: strerror(error.errnoCode)).lowercased()
        case ChannelError.connectTimeout(let time):
            return "the connection was not accepted within \(time.nanoseconds / 1_000_000) ms"
        case is SocketAddressError.UnknownHost:
            return "the host name does not resolve"
        default:
            return "\(error)"
        }
    }

    /// The request took longer than its timeout.
    struct PeerTimeout: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "no answer within \(seconds.rounded() == seconds ? "\(Int(seconds))" : "\(seconds)") s" }
    }
}
