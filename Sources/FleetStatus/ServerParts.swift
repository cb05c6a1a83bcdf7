import Lifecycle

/// One server's state as its three owners hold it: the scheduler's, the power
/// controller's and the update orchestrator's part, each possibly held by another
/// instance (or missing: the role has not seen the server, or its owner did not answer).
public struct ServerParts: Sendable {
    /// The server id.
    public var id: String
    /// The maintenance scheduler's part.
    public var scheduler: MaintenanceScheduler?
    /// The power controller's part.
    public var power: PowerController?
    /// The update orchestrator's part.
    public var update: UpdateOrchestrator?
    /// Per role, the instance (HTTP address) that answered for its part, whether or not that
    /// part holds state for the server (a role with none contributes its initial state); a
    /// part that could not be read is in `unavailable` instead.
    public var owners: [Role: String]
    /// Per state, why it could not be read (its owner is unknown or did not answer).
    public var unavailable: [StatusState: String]

    /// Parts of `id`, none known yet.
    public init(
        id: String, scheduler: MaintenanceScheduler? = nil, power: PowerController? = nil, update: UpdateOrchestrator? = nil,
        owners: [Role: String] = [:], unavailable: [StatusState: String] = [:]
    ) {
        self.id = id
        self.scheduler = scheduler
        self.power = power
        self.update = update
        self.owners = owners
        self.unavailable = unavailable
    }

    /// Whether no role holds anything about the server.
    public var isEmpty: Bool { scheduler == nil && power == nil && update == nil }
}
