/// What happens to one simulated server: its cluster, its claim, the maintenances
/// filed for it, its OS update and the faults the simulator injects.
public struct ServerPlan: Sendable, Hashable {
    /// The claim on the server, if it is claimed (reserved).
    public enum Claim: String, Sendable, Hashable {
        /// Claimed; the owner must approve each run of maintenance.
        case needsApproval
        /// Claimed with ok-to-maintenance already set.
        case preapproved
    }

    /// The server id: the Kafka key of all its events.
    public var id: String
    /// The Incus cluster it is a member of; nil for a standalone server.
    public var cluster: String?
    /// Its claim, or nil when it is available.
    public var claim: Claim?
    /// The maintenances filed for it, in filing order.
    public var maintenances: [MaintenancePlan]
    /// Whether its OS update needs a reboot.
    public var updateRequiresReboot: Bool
    /// Whether the update is announced together with the maintenances (so the
    /// scheduler has to keep the two apart) rather than after they are done.
    public var updateDuringMaintenance: Bool
    /// How many BMC requests fail before the BMC carries one out.
    public var bmcFailures: Int
    /// How many times the OS update fails to apply before it applies.
    public var updateFailures: Int

    public init(
        id: String, cluster: String? = nil, claim: Claim? = nil, maintenances: [MaintenancePlan] = [],
        updateRequiresReboot: Bool = true, updateDuringMaintenance: Bool = false, bmcFailures: Int = 0, updateFailures: Int = 0
    ) {
        self.id = id
        self.cluster = cluster
        self.claim = claim
        self.maintenances = maintenances
        self.updateRequiresReboot = updateRequiresReboot
        self.updateDuringMaintenance = updateDuringMaintenance
        self.bmcFailures = bmcFailures
        self.updateFailures = updateFailures
    }

    /// The operational state the server has outside maintenance.
    public var restingOperationalState: String { claim == nil ? "Available" : "Reserved" }
}
