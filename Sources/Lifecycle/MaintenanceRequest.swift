/// What a maintenance operator asks for when it creates a `ServerMaintenance`.
public struct MaintenanceRequest: Sendable, Hashable {
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
