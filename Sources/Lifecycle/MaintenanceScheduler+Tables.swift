extension MaintenanceScheduler {
    /// The scheduler's arrows, kept as data: the scheduler never takes an arrow that
    /// is not here. One input may pass several phases (a run continues with the next
    /// maintenance); the arrow goes from where it was to where it settles.
    public static let table: TransitionTable<SchedulerPhase, Trigger> = {
        typealias T = Transition<SchedulerPhase, Trigger>
        let starts: [SchedulerPhase] = [.awaitingApproval, .settingPower, .configuringBoot, .inMaintenance]
        let fromIdle: [SchedulerPhase] = [.idle, .leased] + starts
        let concluded: [SchedulerPhase] = fromIdle + [.restoringPower]
        let finished: [SchedulerPhase] = concluded + [.releasingBoot]
        let running: [SchedulerPhase] = [.settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower]

        var rows: [T] = []
        func add(_ from: [SchedulerPhase], _ trigger: Trigger, _ label: String, _ to: [SchedulerPhase]) {
            for source in from {
                for target in to { rows.append(T(source, trigger, label, target)) }
            }
        }
        add([.idle, .awaitingApproval], .maintenanceRequested, "maintenance requested", fromIdle)
        for phase in running + [.leased] { rows.append(T(phase, .maintenanceRequested, "maintenance requested (queued)", phase)) }
        add([.idle, .awaitingApproval], .cancel, "cancel", fromIdle)
        for phase in running + [.leased] { rows.append(T(phase, .cancel, "cancel pending", phase)) }
        add([.settingPower, .configuringBoot, .inMaintenance], .cancel, "cancel active", finished)
        add([.idle, .awaitingApproval], .claimChanged, "claim changed", fromIdle)
        for phase in running + [.leased] { rows.append(T(phase, .claimChanged, "claim changed", phase)) }
        for phase in SchedulerPhase.allCases { rows.append(T(phase, .powerObserved, "power observed", phase)) }
        add([.settingPower], .powerCompleted, "power set", [.configuringBoot, .inMaintenance])
        add([.restoringPower], .powerCompleted, "powered on", fromIdle)
        add([.settingPower], .powerFailed, "power failed: retry", [.settingPower])
        add([.settingPower], .powerFailed, "power failed: budget used", finished)
        add([.restoringPower], .powerFailed, "power failed: retry", [.restoringPower])
        add([.restoringPower], .powerFailed, "power failed: budget used", fromIdle)
        add([.configuringBoot], .bootConfigurationReady, "boot configuration ready", [.inMaintenance])
        add([.configuringBoot], .bootConfigurationFailed, "boot configuration failed: retry", [.configuringBoot])
        add([.configuringBoot], .bootConfigurationFailed, "boot configuration failed: budget used", [.releasingBoot])
        add([.releasingBoot], .bootConfigurationReleased, "boot configuration released", concluded)
        add([.inMaintenance], .maintenanceCompleted, "complete", finished)
        add([.inMaintenance], .maintenanceFailed, "failed", finished)
        add([.idle, .awaitingApproval], .leaseRequested, "lease requested: granted", [.leased])
        for phase in running { rows.append(T(phase, .leaseRequested, "lease requested: waits for the run", phase)) }
        add([.leased], .leaseReleased, "lease released", fromIdle)
        for phase in running { rows.append(T(phase, .leaseReleased, "lease request withdrawn", phase)) }
        add([.idle], .timeout, "window opens", fromIdle)
        add([.awaitingApproval], .timeout, "approval: ask again", [.awaitingApproval])
        add([.awaitingApproval], .timeout, "approval not given: failed", fromIdle)
        add([.leased], .timeout, "", [.leased])
        for phase in [SchedulerPhase.settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower] {
            rows.append(T(phase, .timeout, "timeout: retry", phase))
        }
        add([.settingPower, .configuringBoot, .inMaintenance], .timeout, "timeout: failed", finished)
        add([.releasingBoot], .timeout, "timeout: failed", concluded)
        add([.restoringPower], .timeout, "timeout: power restore failed", fromIdle)
        return TransitionTable(rows)
    }()
}
