import Events
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import MaintenancedTesting
#endif

/// What the status tests read from instances: API answers, the page's stuck rows, and
/// each server's waits as comparable lines.
enum StatusProbe {
    /// GET `url`: the status and the body text.
    ///
    /// The request runs in a detached task, so that cancelling the caller does not cancel it:
    /// swift-corelibs-foundation's `URLSessionTask.cancel()`, called from the cancellation
    /// handler of `data(for:)` while a task group is cancelled, deadlocked the test process
    /// (seen in a clean-clone CI run: the status hammer cancelled with requests in flight).
    /// The request's own timeout (10 s) bounds the wait instead.
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 10
        let (data, response) = try await Task.detached { [request] in try await URLSession.shared.data(for: request) }.value
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// GET `url` as JSON.
    static func json(_ url: String) async throws -> JSONValue {
        try JSONParser().parse(try await get(url).body)
    }

    /// The `http=` port of a `run` instance.
    static func port(of child: ChildProcess) -> Int? {
        child.lines.first { $0.hasPrefix("http=") }.flatMap { $0.split(separator: ":").last }.flatMap { Int($0) }
    }

    /// Each listed server's waits, `role step attempt/attempts since until`, by server id.
    static func waits(ofServers answer: JSONValue) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for server in answer["servers"]?.arrayValue ?? [] {
            guard let id = server["id"]?.stringValue else { continue }
            result[id] = (server["waits"]?.arrayValue ?? []).map { wait in
                [wait["role"], wait["step"]].map { $0?.stringValue ?? "?" }.joined(separator: " ")
                    + " \(wait["attempt"]?.intValue ?? 0)/\(wait["attempts"]?.intValue ?? 0) \(wait["since"]?.stringValue ?? "?") \(wait["until"]?.stringValue ?? "?")"
            }
        }
        return result
    }

    /// The stuck servers of the status page and their waits, in the same form as `waits(ofServers:)`.
    static func stuckWaits(onPage html: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        let row = try! Regex(#"<tr class="stuck" data-server="([^"]+)">"#)
        let wait = try! Regex(#"data-role="(\w+)" data-step="(\w+)">.*? — since (\S+) \(.*?, until (\S+), attempt (\d+) of (\d+)</p>"#)
        for line in html.split(separator: "\n") {
            guard let match = line.firstMatch(of: row), let id = match.output[1].substring.map(String.init) else { continue }
            result[id] = line.matches(of: wait).map { found in
                let parts = (1...6).map { found.output[$0].substring.map(String.init) ?? "?" }
                return "\(parts[0]) \(parts[1]) \(parts[4])/\(parts[5]) \(parts[2]) \(parts[3])"
            }
        }
        return result
    }
}
