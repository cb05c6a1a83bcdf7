import Lifecycle

/// What the status views need besides the states: the roles' settings (the timeouts
/// and budgets a changelog record does not carry) and the rule that makes a server stuck.
public struct StatusSettings: Sendable {
    /// The scheduler's settings.
    public var scheduler: MaintenanceScheduler.Settings
    /// The power controller's settings.
    public var power: PowerController.Settings
    /// The update orchestrator's settings.
    public var update: UpdateOrchestrator.Settings
    /// When a server counts as stuck.
    public var stuck: StuckRule

    /// Settings; the defaults are the roles' built-in ones.
    public init(
        scheduler: MaintenanceScheduler.Settings = .init(), power: PowerController.Settings = .init(),
        update: UpdateOrchestrator.Settings = .init(), stuck: StuckRule = .init()
    ) {
        self.scheduler = scheduler
        self.power = power
        self.update = update
        self.stuck = stuck
    }

    /// `parts` with these settings applied (a state read back from a changelog or a peer
    /// decodes with the built-in defaults).
    public func configure(_ parts: ServerParts) -> ServerParts {
        var parts = parts
        parts.scheduler?.settings = scheduler
        parts.power?.settings = power
        parts.update?.settings = update
        return parts
    }
}
