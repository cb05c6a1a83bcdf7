import Events

/// An answer of the status API other than the one asked for: what was wrong, as a JSON error.
public enum StatusError: Error, Sendable, Hashable {
    /// 400: a malformed or unknown query parameter or path.
    case badRequest(String, parameter: String?)
    /// 404: no such server, cluster or path.
    case notFound(String)
    /// 405: a known path asked with a method it does not answer; `allowed` names those it does.
    case methodNotAllowed(String, allowed: [String])
    /// 503: a part of the answer could not be read (an owner did not answer).
    case unavailable(String)

    /// The HTTP status code.
    public var status: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .methodNotAllowed: 405
        case .unavailable: 503
        }
    }

    /// The JSON body: `{"error":"not found","message":"…"}`.
    public var json: JSONValue {
        switch self {
        case .badRequest(let message, let parameter):
            var object: JSONObject = ["error": "bad request", "message": .string(message)]
            if let parameter { object["parameter"] = .string(parameter) }
            return .object(object)
        case .notFound(let message): return ["error": "not found", "message": .string(message)]
        case .methodNotAllowed(let message, let allowed):
            return ["error": "method not allowed", "message": .string(message), "allowed": .array(allowed.map { .string($0) })]
        case .unavailable(let message): return ["error": "unavailable", "message": .string(message)]
        }
    }
}
