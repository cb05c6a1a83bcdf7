/// Where the scheduler is in a run of maintenances.
public enum SchedulerPhase: String, DiagramState, CaseIterable {
    case idle, awaitingApproval, settingPower, configuringBoot, inMaintenance, releasingBoot, restoringPower, leased

    /// The label in the rendered diagram.
    public var label: String {
        switch self {
        case .idle: "Idle"
        case .awaitingApproval: "Awaiting approval (maintenance-needed)"
        case .settingPower: "Powering off (as requested)"
        case .configuringBoot: "Applying boot configuration"
        case .inMaintenance: "In maintenance"
        case .releasingBoot: "Releasing boot configuration"
        case .restoringPower: "Powering back on"
        case .leased: "Leased to the update orchestrator"
        }
    }

    public var diagramNode: DiagramNode { .state("Scheduler" + rawValue.prefix(1).uppercased() + rawValue.dropFirst(), label) }
}
