import Events
import Lifecycle

// How the lifecycle core's values are spelled in event data (docs/EVENTS.md).

extension Requester {
    /// `scheduler`, `update` or `operator`.
    public var wireName: String {
        switch self {
        case .scheduler: "scheduler"
        case .updateOrchestrator: "update"
        case .operatorRequest: "operator"
        }
    }

    init?(wireName: String) {
        guard let value = Self.allCases.first(where: { $0.wireName == wireName }) else { return nil }
        self = value
    }

    /// The role that asks as this requester; nil for operators.
    var role: Role? {
        switch self {
        case .scheduler: .scheduler
        case .updateOrchestrator: .update
        case .operatorRequest: nil
        }
    }
}

extension PowerOperationKind {
    /// `on`, `off` or `reboot`.
    public var wireName: String {
        switch self {
        case .powerOn: "on"
        case .powerOff: "off"
        case .reboot: "reboot"
        }
    }

    /// The power command event type of this operation.
    public var commandType: String {
        switch self {
        case .powerOn: EventName.powerOnRequested
        case .powerOff: EventName.powerOffRequested
        case .reboot: EventName.powerRebootRequested
        }
    }
}

extension BMCAction {
    /// `power-on`, `graceful-off`, `forced-off` or `reboot`.
    public var wireName: String {
        switch self {
        case .powerOn: "power-on"
        case .gracefulOff: "graceful-off"
        case .forcedOff: "forced-off"
        case .reboot: "reboot"
        }
    }
}

extension OperationalState {
    /// `Available`, `Reserved` or `Maintenance`.
    public var wireName: String {
        switch self {
        case .available: "Available"
        case .reserved: "Reserved"
        case .maintenance: "Maintenance"
        }
    }
}

extension MaintenancePolicy {
    /// `owner-approval` or `enforced`.
    public var wireName: String {
        switch self {
        case .ownerApproval: "owner-approval"
        case .enforced: "enforced"
        }
    }
}

extension ServerCondition {
    /// `{"status": "Offline", "detail": "rebooting"}`.
    public var wireValue: JSONValue {
        ["status": .string(status.label), "detail": .string(detail.label)]
    }

    /// The condition spelled as in `wireValue`, when the seed allows it.
    public init?(wireValue: JSONValue) {
        self.init(status: wireValue["status"]?.stringValue, detail: wireValue["detail"]?.stringValue)
    }

    /// The condition of these labels (`wireValue`'s members), when the seed allows it.
    public init?(status: String?, detail: String?) {
        guard let status, let detail,
            let condition = Self.all.first(where: { $0.status.label == status && $0.detail.label == detail })
        else { return nil }
        self = condition
    }
}

extension Rejection {
    /// `not-applicable`, `duplicate`, `stale`, `unknown-maintenance` or `invalid`.
    public var code: String {
        switch self {
        case .notApplicable: "not-applicable"
        case .duplicate: "duplicate"
        case .stale: "stale"
        case .unknownMaintenance: "unknown-maintenance"
        case .invalid: "invalid"
        }
    }

    /// Every `code`, one rejection of each kind asked, for what lists them all (the metrics
    /// made at 0 at the start).
    public static var codes: [String] {
        [Rejection.notApplicable(state: "", input: ""), .duplicate(""), .stale(""), .unknownMaintenance(MaintenanceID(namespace: "", name: "")), .invalid("")]
            .map(\.code)
    }
}

extension MaintenanceID {
    init(_ event: InboundEvent) throws(EventDecodingError) {
        self.init(namespace: try event.required("namespace"), name: try event.required("name"))
    }

    var wireMembers: [(String, JSONValue)] { [("namespace", .string(namespace)), ("name", .string(name))] }
}
