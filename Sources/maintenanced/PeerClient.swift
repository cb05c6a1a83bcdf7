import Events
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs JSON from another instance's status API (or, for `get`, from any instance).
struct PeerClient: Sendable {
    /// Why a GET gave no JSON answer.
    enum Failure: Error, CustomStringConvertible {
        /// Nothing answered (connection refused, timeout, DNS…).
        case unreachable(String)
        /// An answer that is not JSON.
        case malformed(status: Int, String)

        var description: String {
            switch self {
            case .unreachable(let reason): "cannot reach it: \(reason)"
            case .malformed(let status, let reason): "HTTP \(status), not JSON: \(reason)"
            }
        }
    }

    /// How long one request may take.
    var timeout: TimeInterval = 5

    /// `GET url`: the status code and the JSON body.
    func get(_ url: String) async throws(Failure) -> (status: Int, body: JSONValue) {
        guard let target = URL(string: url) else { throw .unreachable("\(url) is not a URL") }
        var request = URLRequest(url: target)
        request.timeoutInterval = timeout
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw .unreachable(error.localizedDescription)
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        do {
            return (status, try JSONParser().parse([UInt8](data)))
        } catch {
            throw .malformed(status: status, String(decoding: data.prefix(200), as: UTF8.self))
        }
    }
}
