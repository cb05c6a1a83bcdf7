import FleetStatus
import Hummingbird

extension StatusError {
    /// The HTTP answer: the JSON body (`json`) with the status code; a 405 names the methods
    /// the path answers in `Allow`. Every JSON error of the server is written here.
    var response: Response {
        var response = ObservabilityServer.json(json, status: HTTPResponse.Status(code: status))
        if case .methodNotAllowed(_, let allowed) = self { response.headers[.allow] = allowed.joined(separator: ", ") }
        return response
    }
}
