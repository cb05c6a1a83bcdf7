import Logging
import ServiceLogging

extension RoleIncident {
    /// The server and event ids (as the service's log fields) and the reason, for a log line.
    var metadata: Logger.Metadata {
        var metadata: Logger.Metadata = ["reason": "\(reason)"]
        if let server { metadata[LogField.serverID] = "\(server)" }
        if let event { metadata[LogField.eventID] = "\(event)" }
        return metadata
    }
}
