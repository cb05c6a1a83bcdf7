import Contracts
import Events

/// What `server.transitions` says about one server: the state each role last
/// reported, every maintenance's state, and the transitions in the order seen
/// (each event id once).
public struct ServerView: Sendable, Hashable {
    /// The server id.
    public var id: String
    /// Status and detail, e.g. `Ready/none` (power controller).
    public var status = "Unknown/none"
    /// Observed power (power controller).
    public var power = "unknown"
    /// Maintenance (evacuation) state (update orchestrator).
    public var maintenanceState = "not in maintenance"
    /// Update state (update orchestrator).
    public var updateState = "Up to date"
    /// Operational state (scheduler).
    public var operationalState = "Available"
    /// Each ServerMaintenance's state by `namespace/name` (scheduler).
    public var maintenances: [String: String] = [:]
    /// How many update cycles ended up to date.
    public var updatesCompleted = 0
    /// Whether a rollout slot of its cluster is held.
    public var holdsSlot = false
    /// Transitions in the order seen, each event id once.
    public var transitions: [TransitionRecord] = []
    /// Rejections (`transition.rejected`) about this server.
    public var rejections: [TransitionRecord] = []
    /// Events seen again with an id already seen (at-least-once redelivery).
    public var redelivered = 0
    /// Ids seen so far.
    var seen: Set<String> = []

    public init(id: String) {
        self.id = id
    }

    /// Takes one event of `server.transitions`; returns its record when it is new.
    @discardableResult
    public mutating func apply(_ event: CloudEvent) -> TransitionRecord? {
        guard seen.insert(event.id).inserted else {
            redelivered += 1
            return nil
        }
        let data = event.data ?? .null
        let role = event.source.split(separator: "/").last.map(String.init) ?? event.source
        let type = event.type.hasPrefix("dev.maintenanced.") ? String(event.type.dropFirst("dev.maintenanced.".count)) : event.type
        let summary: String
        var change: TransitionRecord.StateChange?
        switch event.type {
        case EventName.serverStatusChanged:
            let from = Self.condition(data["from"])
            change = .init(aspect: "status", from: from, to: Self.condition(data["to"]))
            status = Self.condition(data["to"])
            summary = "status \(from) → \(status) (\(data["trigger"]?.stringValue ?? "?"))"
        case EventName.serverPowerChanged:
            change = .init(aspect: "power", from: power, to: data["power"]?.stringValue ?? "unknown")
            power = data["power"]?.stringValue ?? "unknown"
            summary = "power \(power)"
        case EventName.serverMaintenanceStateChanged:
            change = .init(aspect: "maintenance-state", from: data["from"]?.stringValue ?? "?", to: data["to"]?.stringValue ?? "?")
            maintenanceState = data["to"]?.stringValue ?? "?"
            summary = "maintenance-state \(data["from"]?.stringValue ?? "?") → \(maintenanceState)"
        case EventName.serverUpdateStateChanged:
            let from = data["from"]?.stringValue ?? "?"
            change = .init(aspect: "update-state", from: from, to: data["to"]?.stringValue ?? "?")
            updateState = data["to"]?.stringValue ?? "?"
            if updateState == "Up to date", from != "Up to date" { updatesCompleted += 1 }
            summary = "update-state \(from) → \(updateState)" + (data["reason"]?.stringValue.map { " (\($0))" } ?? "")
        case EventName.serverOperationalStateChanged:
            change = .init(aspect: "operational", from: data["from"]?.stringValue ?? "?", to: data["to"]?.stringValue ?? "?")
            operationalState = data["to"]?.stringValue ?? "?"
            summary = "operational \(data["from"]?.stringValue ?? "?") → \(operationalState)"
        case EventName.maintenanceStateChanged:
            let id = "\(data["namespace"]?.stringValue ?? "?")/\(data["name"]?.stringValue ?? "?")"
            let to = data["to"]?.stringValue ?? "?"
            change = .init(aspect: "maintenance \(id)", from: data["from"]?.stringValue ?? "new", to: to)
            maintenances[id] = to
            summary = "maintenance \(id) \(data["from"]?.stringValue ?? "new") → \(to)"
        case EventName.powerCommandCompleted, EventName.powerCommandFailed:
            let outcome = event.type == EventName.powerCommandCompleted ? "completed" : "failed"
            summary = "power-command \(data["operation"]?.stringValue ?? "?") for \(data["requester"]?.stringValue ?? "?") \(outcome)"
        case EventName.disruptionGranted:
            summary = "disruption granted"
        case EventName.rolloutSlotGranted:
            change = .init(aspect: "slot", from: holdsSlot ? "held" : "free", to: "held")
            holdsSlot = true
            summary = "slot granted \(data["cluster"]?.stringValue ?? "?")"
        case EventName.rolloutSlotFreed:
            change = .init(aspect: "slot", from: holdsSlot ? "held" : "free", to: "free")
            holdsSlot = false
            summary = "slot freed \(data["cluster"]?.stringValue ?? "?")"
        case EventName.maintenancePowerRestoreFailed:
            summary = "power restore failed"
        case EventName.transitionRejected:
            let rejected = data["eventType"]?.stringValue ?? "?"
            summary = "rejected \(rejected.split(separator: ".").suffix(2).joined(separator: ".")) by \(data["role"]?.stringValue ?? "?"): \(data["code"]?.stringValue ?? "?")"
            let record = TransitionRecord(
                id: event.id, type: type, summary: summary, role: role, reason: data["reason"]?.stringValue, rejectedEvent: data["eventId"]?.stringValue)
            rejections.append(record)
            return record
        default:
            summary = type
        }
        let record = TransitionRecord(id: event.id, type: type, summary: summary, role: role, change: change)
        transitions.append(record)
        return record
    }

    static func condition(_ value: JSONValue?) -> String {
        "\(value?["status"]?.stringValue ?? "?")/\(value?["detail"]?.stringValue ?? "?")"
    }

    /// The transitions one role emitted, in order.
    public func transitions(by role: String) -> [String] {
        transitions.filter { $0.role == role }.map(\.summary)
    }
}
