/// Every state machine of the lifecycle core as a diagram, rendered from the
/// machines' own transition tables with the seeds' state names.
public enum LifecycleDiagrams {
    /// The seeds' three diagrams first (server state, maintenance state, update
    /// state), then ServerMaintenance, the power machine, the scheduler and the
    /// cluster rollout.
    public static let all: [StateDiagram] = [
        PowerController.statusTable.diagram(title: "Server state"),
        MaintenanceState.table.diagram(title: "Maintenance state"),
        UpdateOrchestrator.table.diagram(title: "Update state"),
        MaintenanceStatus.table.diagram(title: "ServerMaintenance", initial: .pending),
        PowerController.powerTable.diagram(title: "Power operation", initial: .idle),
        MaintenanceScheduler.table.diagram(title: "Maintenance scheduler", initial: .idle),
        ClusterRollout.table.diagram(title: "Cluster rollout", initial: .idle),
    ]

    /// All diagrams as markdown: a heading and a mermaid code block each.
    public static var markdown: String {
        all.map { "## \($0.title)\n\n```mermaid\n\($0.mermaid)\n```\n" }.joined(separator: "\n")
    }
}
