import Events

/// One event of `server.transitions`, summarised for people: when, which server, which
/// role, what changed.
public struct TransitionEntry: Sendable, Hashable {
    /// The event time, milliseconds since the epoch.
    public var time: Int64
    /// The server (the event's subject).
    public var server: String
    /// The role that emitted it.
    public var role: String
    /// The event type without `dev.maintenanced.`.
    public var type: String
    /// What changed, e.g. `update-state updating → Up to date`.
    public var summary: String
    /// The event id (unique; a redelivered copy has the same one).
    public var id: String

    /// Creates an entry.
    public init(time: Int64, server: String, role: String, type: String, summary: String, id: String) {
        self.time = time
        self.server = server
        self.role = role
        self.type = type
        self.summary = summary
        self.id = id
    }

    /// The entry of an event of `server.transitions`; nil when it names no server.
    public init?(event: CloudEvent, fallbackTime: Int64) {
        guard let server = event.subject else { return nil }
        let type = event.type.hasPrefix("dev.maintenanced.") ? String(event.type.dropFirst("dev.maintenanced.".count)) : event.type
        let data = event.data ?? .null
        var summary = type
        if let to = data["to"] {
            let subject = data["name"]?.stringValue.map { "\(data["namespace"]?.stringValue ?? "")/\($0) " } ?? ""
            summary = "\(type) \(subject)\(data["from"].map(Self.text) ?? "new") → \(Self.text(to))"
        } else if let power = data["power"]?.stringValue {
            summary = "\(type) \(power)"
        } else if let code = data["code"]?.stringValue {
            // A rejection's reason names its kind already ("duplicate: …", "… does not apply in state …").
            summary = "\(type): \(data["reason"]?.stringValue ?? code)"
        } else if let member = data["member"]?.stringValue ?? data["requestId"]?.stringValue {
            summary = "\(type) \(member)"
        }
        if data["to"] != nil, let reason = data["reason"]?.stringValue { summary += " (\(reason))" }
        self.init(
            time: event.time ?? fallbackTime, server: server, role: event.source.split(separator: "/").last.map(String.init) ?? event.source,
            type: type, summary: summary, id: event.id)
    }

    private static func text(_ value: JSONValue) -> String {
        if let text = value.stringValue { return text }
        if let status = value["status"]?.stringValue {
            let detail = value["detail"]?.stringValue ?? "none"
            return detail == "none" ? status : "\(status) (\(detail))"
        }
        return JSONWriter.string(value)
    }

    /// The entry as the API answers it.
    public var json: JSONValue {
        [
            "time": .string(StatusText.time(time)), "server": .string(server), "role": .string(role), "type": .string(type),
            "summary": .string(summary), "id": .string(id),
        ]
    }

    /// The entry read back from its JSON (a peer's answer); nil when malformed.
    public init?(json: JSONValue) {
        guard let server = json["server"]?.stringValue, let summary = json["summary"]?.stringValue,
            let time = json["time"]?.stringValue.flatMap(RFC3339.parse)
        else { return nil }
        self.init(
            time: time, server: server, role: json["role"]?.stringValue ?? "?", type: json["type"]?.stringValue ?? "?", summary: summary,
            id: json["id"]?.stringValue ?? "")
    }
}
