/// One ServerMaintenance a simulated maintenance operator files for a server, and
/// how the simulated world answers it.
public struct MaintenancePlan: Sendable, Hashable {
    /// What the simulator does with the maintenance once it is filed.
    public enum Outcome: String, Sendable, Hashable {
        /// The operator does the work and reports it completed.
        case complete
        /// The operator reports it failed (a failure the simulator made).
        case fail
        /// The operator cancels it right after filing it, while it is pending.
        case cancel
    }

    /// Namespace of the ServerMaintenance.
    public var namespace: String
    /// Name within the namespace.
    public var name: String
    /// Kind of maintenance (BIOSUpdate, Cleanup, …).
    public var type: String
    /// Higher runs first.
    public var priority: Int
    /// Whether it skips the claim owner's approval.
    public var enforced: Bool
    /// The boot configuration used during the maintenance, if any.
    public var bootConfiguration: String?
    /// Power during the maintenance: "off" or "on".
    public var power: String
    /// How the simulator answers it.
    public var outcome: Outcome

    /// The state the maintenance ends in.
    public var finalState: String {
        switch outcome {
        case .complete: "Complete"
        case .fail: "Failed"
        case .cancel: "Cancelled"
        }
    }

    /// `namespace/name`.
    public var id: String { "\(namespace)/\(name)" }

    public init(
        namespace: String = "ops", name: String, type: String, priority: Int = 0, enforced: Bool = false,
        bootConfiguration: String? = nil, power: String = "off", outcome: Outcome = .complete
    ) {
        self.namespace = namespace
        self.name = name
        self.type = type
        self.priority = priority
        self.enforced = enforced
        self.bootConfiguration = bootConfiguration
        self.power = power
        self.outcome = outcome
    }
}
