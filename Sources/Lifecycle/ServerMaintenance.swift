/// A `ServerMaintenance`'s identity: its namespace and name.
public struct MaintenanceID: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace (e.g. `ops`).
    public var namespace: String
    /// The name within the namespace (e.g. `bios-update`).
    public var name: String

    /// Creates an id.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public static func < (lhs: MaintenanceID, rhs: MaintenanceID) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    public var description: String { "\(namespace)/\(name)" }
}

/// Whether a maintenance waits for the owner of a claimed server to approve it.
public enum MaintenancePolicy: String, Sendable, Codable, Hashable, CaseIterable {
    /// A claimed server needs `ok-to-maintenance` first (the default).
    case ownerApproval
    /// The maintenance starts without approval.
    case enforced
}

/// The state of one `ServerMaintenance` (seed: Pending, InMaintenance, Complete; plus
/// Failed and Cancelled).
public enum MaintenanceStatus: String, DiagramState, Codable, CaseIterable {
    case pending, inMaintenance, complete, failed, cancelled

    /// The seed's name of the state.
    public var label: String {
        switch self {
        case .pending: "Pending"
        case .inMaintenance: "InMaintenance"
        case .complete: "Complete"
        case .failed: "Failed"
        case .cancelled: "Cancelled"
        }
    }

    public var diagramNode: DiagramNode { .state("Maintenance" + label, label) }
}

/// The triggers of the `ServerMaintenance` diagram.
public enum MaintenanceTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case start, complete, fail, cancel
}

extension MaintenanceStatus {
    /// The `ServerMaintenance` state diagram, kept as data.
    public static let table = TransitionTable<MaintenanceStatus, MaintenanceTrigger>([
        .init(.pending, .start, "approved (ok-to-maintenance, enforced or alwaysPerformMaintenance), its turn, in window", .inMaintenance),
        .init(.inMaintenance, .complete, "maintenance operator: complete", .complete),
        .init(.inMaintenance, .fail, "failed or timed out", .failed),
        .init(.pending, .fail, "approval not given in time", .failed),
        .init(.pending, .cancel, "cancelled", .cancelled),
        .init(.inMaintenance, .cancel, "cancelled", .cancelled),
    ])
}

/// A change of one `ServerMaintenance`'s state; `from` is nil when it was just created.
public struct MaintenanceTransition: Sendable, Codable, Hashable {
    /// Which maintenance.
    public var id: MaintenanceID
    /// Before (nil on creation).
    public var from: MaintenanceStatus?
    /// After.
    public var to: MaintenanceStatus
    /// Why, for `failed`.
    public var reason: String?
}

/// What a maintenance operator asks for when it creates a `ServerMaintenance`.
public struct MaintenanceRequest: Sendable, Codable, Hashable {
    /// Namespace and name.
    public var id: MaintenanceID
    /// The maintenance type (BIOSUpdate, Cleanup, any string).
    public var type: String
    /// Higher runs first; 0 by default.
    public var priority: Int
    /// Owner approval (default) or enforced.
    public var policy: MaintenancePolicy
    /// The `ServerBootConfiguration` to use while in maintenance, if any.
    public var bootConfiguration: String?
    /// The power the server should have during the maintenance (off by default).
    public var power: PowerState

    /// Creates a request.
    public init(
        id: MaintenanceID, type: String, priority: Int = 0, policy: MaintenancePolicy = .ownerApproval,
        bootConfiguration: String? = nil, power: PowerState = .off
    ) {
        self.id = id
        self.type = type
        self.priority = priority
        self.policy = policy
        self.bootConfiguration = bootConfiguration
        self.power = power
    }
}

/// One `ServerMaintenance` in a server's queue: the request, its arrival order and state.
public struct ServerMaintenance: Sendable, Codable, Hashable {
    /// What was asked for.
    public var request: MaintenanceRequest
    /// The arrival sequence number within this server's queue (ties of priority go to the earlier).
    public var arrival: Int
    /// Its state: pending or inMaintenance while queued (finished ones leave the queue).
    public var status: MaintenanceStatus

    public init(request: MaintenanceRequest, arrival: Int, status: MaintenanceStatus) {
        self.request = request
        self.arrival = arrival
        self.status = status
    }

    /// The id.
    public var id: MaintenanceID { request.id }

    /// Whether `self` runs before `other`: higher priority first, then earlier arrival.
    public func precedes(_ other: ServerMaintenance) -> Bool {
        (request.priority, -arrival) > (other.request.priority, -other.arrival)
    }
}
