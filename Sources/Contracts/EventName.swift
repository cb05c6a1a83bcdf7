/// The CloudEvents `type` of every event maintenanced consumes or emits.
public enum EventName {
    static let prefix = "dev.maintenanced."

    // maintenance.requests
    public static let maintenanceRequested = prefix + "maintenance.requested"
    public static let maintenanceCancellationRequested = prefix + "maintenance.cancellation.requested"
    public static let maintenanceApproved = prefix + "maintenance.approved"
    public static let maintenanceCompleted = prefix + "maintenance.completed"
    public static let maintenanceFailed = prefix + "maintenance.failed"
    public static let bootConfigApplied = prefix + "bootconfig.applied"
    public static let bootConfigFailed = prefix + "bootconfig.failed"
    public static let bootConfigReleased = prefix + "bootconfig.released"
    public static let disruptionRequested = prefix + "disruption.requested"
    public static let disruptionReleased = prefix + "disruption.released"

    // server.lifecycle
    public static let serverRegistered = prefix + "server.registered"
    public static let serverConfigured = prefix + "server.configured"
    public static let serverReconfigurationRequested = prefix + "server.reconfiguration.requested"
    public static let serverOnline = prefix + "server.online"
    public static let serverHeartbeat = prefix + "server.heartbeat"
    public static let serverClaimed = prefix + "server.claimed"
    public static let serverReleased = prefix + "server.released"
    public static let incusClusterJoined = prefix + "incus.cluster.joined"
    public static let incusClusterLeft = prefix + "incus.cluster.left"
    public static let incusEvacuationCompleted = prefix + "incus.evacuation.completed"
    public static let incusEvacuationFailed = prefix + "incus.evacuation.failed"
    public static let incusRestoreCompleted = prefix + "incus.restore.completed"
    public static let incusRestoreFailed = prefix + "incus.restore.failed"
    public static let updateAvailable = prefix + "update.available"
    public static let updateStarted = prefix + "update.started"
    public static let updateCompleted = prefix + "update.completed"
    public static let updateFailed = prefix + "update.failed"
    public static let updateRetryRequested = prefix + "update.retry.requested"

    // power.events
    public static let bmcPowerObserved = prefix + "bmc.power.observed"
    public static let bmcPowerCompleted = prefix + "bmc.power.completed"
    public static let bmcPowerFailed = prefix + "bmc.power.failed"

    // power.commands
    public static let powerOnRequested = prefix + "power.on.requested"
    public static let powerOffRequested = prefix + "power.off.requested"
    public static let powerRebootRequested = prefix + "power.reboot.requested"

    // server.transitions
    public static let serverStatusChanged = prefix + "server.status.changed"
    public static let serverPowerChanged = prefix + "server.power.changed"
    public static let powerCommandCompleted = prefix + "power.command.completed"
    public static let powerCommandFailed = prefix + "power.command.failed"
    public static let serverMaintenanceStateChanged = prefix + "server.maintenance-state.changed"
    public static let serverUpdateStateChanged = prefix + "server.update-state.changed"
    public static let serverOperationalStateChanged = prefix + "server.operational-state.changed"
    public static let maintenanceStateChanged = prefix + "maintenance.state.changed"
    public static let maintenancePowerRestoreFailed = prefix + "maintenance.power-restore.failed"
    public static let disruptionGranted = prefix + "disruption.granted"
    public static let rolloutSlotGranted = prefix + "rollout.slot.granted"
    public static let rolloutSlotFreed = prefix + "rollout.slot.freed"
    public static let transitionRejected = prefix + "transition.rejected"

    // operator.requests
    public static let bootConfigApplyRequested = prefix + "bootconfig.apply.requested"
    public static let bootConfigReleaseRequested = prefix + "bootconfig.release.requested"
    public static let bmcPowerRequested = prefix + "bmc.power.requested"
    public static let incusEvacuationRequested = prefix + "incus.evacuation.requested"
    public static let incusRestoreRequested = prefix + "incus.restore.requested"
    public static let updateInstallRequested = prefix + "update.install.requested"
    public static let maintenanceStartRequested = prefix + "maintenance.start.requested"
    public static let maintenanceApprovalRequested = prefix + "maintenance.approval.requested"

    // cluster.rollouts
    public static let rolloutSlotRequested = prefix + "rollout.slot.requested"
    public static let rolloutSlotReleased = prefix + "rollout.slot.released"
    public static let rolloutLimitSet = prefix + "rollout.limit.set"
}
