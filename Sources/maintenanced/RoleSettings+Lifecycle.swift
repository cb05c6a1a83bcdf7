import Lifecycle
import MaintenancedConfiguration

// The configuration file's per-role settings, as the lifecycle core takes them.

extension RetrySettings {
    var policy: RetryPolicy { RetryPolicy(timeout: Milliseconds(timeout.milliseconds), attempts: attempts) }
}

extension SchedulerSettings {
    var lifecycle: MaintenanceScheduler.Settings {
        MaintenanceScheduler.Settings(
            alwaysPerformMaintenance: alwaysPerformMaintenance,
            window: maintenanceWindow.flatMap { window in
                window.startMinute.map { MaintenanceWindow(startMinute: $0, length: Milliseconds(window.length.milliseconds)) }
            },
            approval: approval.policy, power: power.policy, bootConfiguration: bootConfiguration.policy,
            maintenance: maintenance.policy)
    }
}

extension PowerSettings {
    var lifecycle: PowerController.Settings {
        PowerController.Settings(
            signOfLifeTimeout: heartbeatTimeout.map { Milliseconds($0.milliseconds) }, powerOn: powerOn.policy,
            gracefulOffTimeout: Milliseconds(gracefulOffTimeout.milliseconds), forcedOff: forcedOff.policy, reboot: reboot.policy)
    }
}

extension UpdateSettings {
    var lifecycle: UpdateOrchestrator.Settings {
        UpdateOrchestrator.Settings(
            update: update.policy, serverReady: serverReady.policy, lease: lease.policy, slot: slot.policy,
            evacuation: evacuation.policy, reboot: reboot.policy, restore: restore.policy)
    }
}
