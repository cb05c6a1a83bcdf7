extension MaintenanceScheduler {
    /// The scheduler's arrows, kept as data: the scheduler never takes an arrow that
    /// is not here. One input may pass several phases (a run continues with the next
    /// maintenance); the arrow goes from where it was to where it settles.
    public static let table: TransitionTable<SchedulerPhase, Trigger> = {
        typealias T = Transition<SchedulerPhase, Trigger>
        let starts: [SchedulerPhase] = [.settingPower, .configuringBoot, .inMaintenance]
        // Between runs the scheduler grants a waiting lease, asks for approval, starts the next one, or idles.
        let decided: [SchedulerPhase] = [.idle, .leased, .awaitingApproval] + starts
        // A maintenance left the queue: the run goes on with the next one, or ends (powering back on).
        let concluded: [SchedulerPhase] = decided + [.restoringPower]
        // The active maintenance ended: release its boot configuration first if it was requested.
        let finished: [SchedulerPhase] = concluded + [.releasingBoot]
        let running: [SchedulerPhase] = [.settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower]

        var rows: [T] = []
        func add(_ from: [SchedulerPhase], _ trigger: Trigger, _ label: String, _ to: [SchedulerPhase]) {
            for source in from {
                for target in to { rows.append(T(source, trigger, label, target)) }
            }
        }
        func loop(_ phases: [SchedulerPhase], _ trigger: Trigger, _ label: String) {
            for phase in phases { rows.append(T(phase, trigger, label, phase)) }
        }
        // Requests, approval and cancellation of pending ones.
        add([.idle], .maintenanceRequested, "maintenance requested", [.idle, .awaitingApproval] + starts)
        add([.awaitingApproval], .maintenanceRequested, "maintenance requested", [.idle, .awaitingApproval] + starts)
        loop(running + [.leased], .maintenanceRequested, "maintenance requested (queued)")
        add([.idle], .claimChanged, "claim changed", [.idle, .awaitingApproval])
        add([.awaitingApproval], .claimChanged, "ok-to-maintenance or claim released", [.idle] + starts)
        loop(running + [.leased], .claimChanged, "claim changed")
        loop([.idle], .cancel, "cancel pending")
        add([.awaitingApproval], .cancel, "cancel", [.idle, .awaitingApproval] + starts)
        loop(running + [.leased], .cancel, "cancel pending")
        // The active maintenance: power as requested, boot configuration, the operator's work.
        add([.settingPower], .powerCompleted, "power set", [.configuringBoot, .inMaintenance])
        loop([.settingPower], .powerFailed, "power failed: retry")
        add([.settingPower], .powerFailed, "power failed: budget used", concluded)
        add([.configuringBoot], .bootConfigurationReady, "boot configuration ready", [.inMaintenance])
        loop([.configuringBoot], .bootConfigurationFailed, "boot configuration failed: retry")
        add([.configuringBoot], .bootConfigurationFailed, "boot configuration failed: budget used", [.releasingBoot])
        add([.inMaintenance], .maintenanceCompleted, "complete", finished)
        add([.inMaintenance], .maintenanceFailed, "failed", finished)
        // A run whose power command is unanswered (cancelled, or given up on) does not end in the lease: the command may
        // still be carried out (`advance`). One whose command was answered busy (PROTOCOL §4) has none unanswered, and
        // ends in the lease asked for meanwhile when the server needs no power restore.
        add([.settingPower], .cancel, "cancel active", concluded)
        add([.configuringBoot], .cancel, "cancel active", [.releasingBoot])
        add([.inMaintenance], .cancel, "cancel active", finished)
        add([.releasingBoot], .bootConfigurationReleased, "boot configuration released", concluded)
        // The end of a run.
        add([.restoringPower], .powerCompleted, "powered on", decided)
        loop([.restoringPower], .powerFailed, "power failed: retry")
        add([.restoringPower], .powerFailed, "power failed: budget used", decided)
        loop(SchedulerPhase.allCases, .powerObserved, "power observed")
        // The answer to a power command given up on ends it; a lease waiting for it may be granted then.
        for trigger in [Trigger.powerCompleted, .powerFailed] {
            loop([.awaitingApproval, .settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower], trigger, "answer to a command given up on")
            add([.idle], trigger, "answer to a command given up on", [.idle, .leased])
        }
        // The disruption lease.
        add([.idle, .awaitingApproval], .leaseRequested, "lease requested: granted", [.leased])
        loop(running, .leaseRequested, "lease requested: waits for the run")
        add([.leased], .leaseReleased, "lease released", [.idle, .awaitingApproval] + starts)
        loop(running, .leaseReleased, "lease request withdrawn")
        // A lease request waiting for the answers of power commands given up on (`advance`) may be withdrawn too.
        add([.idle], .leaseReleased, "lease request withdrawn", [.idle, .awaitingApproval] + starts)
        // Time: the window opens, waits time out.
        add([.idle], .timeout, "window opens", [.idle] + starts)
        loop([.awaitingApproval], .timeout, "approval: ask again")
        add([.awaitingApproval], .timeout, "approval not given: failed", [.idle, .awaitingApproval] + starts)
        add([.leased], .timeout, "", [.leased])
        loop([.settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower], .timeout, "timeout: retry")
        add([.settingPower], .timeout, "timeout: failed", concluded)
        add([.configuringBoot], .timeout, "timeout: failed", [.releasingBoot])
        add([.inMaintenance], .timeout, "timeout: failed", finished)
        add([.releasingBoot], .timeout, "timeout: failed", concluded)
        add([.restoringPower], .timeout, "timeout: power restore failed", decided)
        return TransitionTable(rows)
    }()
}
