import Lifecycle
import Testing

typealias Orchestrator = UpdateOrchestrator

/// The power controller's status change from `from` to `to`; `cycle` is the update cycle the agent's report named.
func change(
    _ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, requiresReboot: Bool? = nil, updateFailed: Bool? = nil,
    cycle: String? = nil
) -> Orchestrator.Input {
    .serverStatus(StatusChange(from: from, to: to, trigger: trigger, requiresReboot: requiresReboot, updateFailed: updateFailed, cycleID: cycle))
}

/// One step of an update cycle: the input, the update state it must reach and what it must emit.
struct CycleStep: Sendable {
    let name: String
    let input: Orchestrator.Input
    let state: UpdateState
    let emits: [Orchestrator.Output]
}

/// A named update cycle: the steps from Up to date back to Up to date.
struct Cycle: CustomTestStringConvertible, Sendable {
    let name: String
    let clusterID: String?
    let steps: [CycleStep]
    var testDescription: String { name }
}

func moved(_ from: UpdateState, _ to: UpdateState) -> Orchestrator.Output {
    .updateStateChanged(from: from, to: to, reason: nil)
}

private let reboot1 = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")

/// The first steps of every cycle: announced, the lease asked for and granted, the install asked for and started.
let installSteps: [CycleStep] = [
    CycleStep(name: "update available: ask for the lease", input: .updateAvailable, state: .updatePending,
              emits: [moved(.upToDate, .updatePending), .requestLease(requestID: "update-1-lease")]),
    CycleStep(name: "lease granted: the install is triggered", input: .leaseGranted(requestID: "update-1-lease"), state: .updatePending,
              emits: [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")]),
    CycleStep(name: "update triggered", input: change(.ready, .updating, .updateStarted, cycle: "update-1"), state: .updating,
              emits: [moved(.updatePending, .updating)]),
]

/// A c1 member whose install needs a reboot, holding lease and slot: evacuation `update-1-evacuation-1` asked for at t0.
func evacuatingMember(settings: Orchestrator.Settings = Orchestrator.Settings()) -> Orchestrator {
    var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
    machine.drive(installSteps.map(\.input))
    machine.drive([
        change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
        .slotGranted(requestID: "update-1-slot", cluster: "c1"),
    ])
    #expect(machine.updateState == .evacuating && machine.incusRequestID == "update-1-evacuation-1")
    return machine
}

let cycles: [Cycle] = [
    Cycle(name: "no reboot needed: Up to date → update pending → updating → Up to date", clusterID: nil, steps: installSteps + [
        CycleStep(name: "requires reboot == false", input: change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1"),
                  state: .upToDate, emits: [moved(.updating, .upToDate), .releaseLease(requestID: "update-1-lease")]),
    ]),
    Cycle(name: "not clustered: reboot pending → rebooting → Up to date", clusterID: nil, steps: installSteps + [
        CycleStep(name: "requires reboot == true, else: trigger reboot under the lease held",
                  input: change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
                  state: .rebootPending, emits: [moved(.updating, .rebootPending), .power(reboot1)]),
        CycleStep(name: "trigger reboot", input: change(.ready, .rebooting, .reboot), state: .rebooting,
                  emits: [moved(.rebootPending, .rebooting)]),
        CycleStep(name: "self register or polling", input: change(.rebooting, .ready, .online), state: .upToDate,
                  emits: [moved(.rebooting, .upToDate)]),
        CycleStep(name: "reboot completed: nothing of the cycle is outstanding, the lease goes back",
                  input: .powerCompleted(requestID: "update-1-reboot"), state: .upToDate, emits: [.releaseLease(requestID: "update-1-lease")]),
    ]),
    Cycle(name: "clustered Incus: evacuate, reboot, restore", clusterID: "c1", steps: installSteps + [
        CycleStep(name: "requires reboot == true, if clusterd Incus: ask for a rollout slot",
                  input: change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
                  state: .evacuationPending, emits: [moved(.updating, .evacuationPending), .requestSlot(clusterID: "c1", requestID: "update-1-slot")]),
        CycleStep(name: "slot granted: evacuation triggered", input: .slotGranted(requestID: "update-1-slot", cluster: "c1"), state: .evacuating,
                  emits: [.maintenanceStateChanged(from: .notInMaintenance, to: .evacuating), moved(.evacuationPending, .evacuating),
                          .evacuate(requestID: "update-1-evacuation-1")]),
        CycleStep(name: "evacuation completed life cycle received", input: .evacuationCompleted(requestID: "update-1-evacuation-1"),
                  state: .inMaintenanceRebootPending,
                  emits: [.maintenanceStateChanged(from: .evacuating, to: .evacuated), moved(.evacuating, .inMaintenanceRebootPending),
                          .power(reboot1)]),
        CycleStep(name: "trigger reboot", input: change(.ready, .rebooting, .reboot), state: .inMaintenanceRebooting,
                  emits: [moved(.inMaintenanceRebootPending, .inMaintenanceRebooting)]),
        CycleStep(name: "self register or polling, then restore triggered", input: change(.rebooting, .ready, .online), state: .restoring,
                  emits: [moved(.inMaintenanceRebooting, .inMaintenanceRestorePending),
                          .maintenanceStateChanged(from: .evacuated, to: .restoring), moved(.inMaintenanceRestorePending, .restoring),
                          .restore(requestID: "update-1-restore-1")]),
        CycleStep(name: "reboot completed (answer)", input: .powerCompleted(requestID: "update-1-reboot"), state: .restoring, emits: []),
        CycleStep(name: "restore completed life cycle event received", input: .restoreCompleted(requestID: "update-1-restore-1"), state: .upToDate,
                  emits: [.maintenanceStateChanged(from: .restoring, to: .notInMaintenance), moved(.restoring, .upToDate),
                          .releaseSlot(clusterID: "c1"), .releaseLease(requestID: "update-1-lease")]),
    ]),
]

/// The seed's update-cycle arrows as (from, trigger, to) of the orchestrator's table.
let seedUpdateArrows: [(UpdateState, Orchestrator.Trigger, UpdateState)] = [
    (.upToDate, .updateAvailable, .updatePending),
    (.updatePending, .status(.updateStarted), .updating),
    (.updating, .status(.updateFinished), .upToDate),
    (.updating, .status(.updateFinished), .evacuationPending),
    (.updating, .status(.updateFinished), .rebootPending),
    (.rebootPending, .status(.reboot), .rebooting),
    (.rebooting, .status(.online), .upToDate),
    (.evacuationPending, .decision, .evacuating),
    (.evacuating, .evacuationCompleted, .inMaintenanceRebootPending),
    (.inMaintenanceRebootPending, .status(.reboot), .inMaintenanceRebooting),
    (.inMaintenanceRebooting, .status(.online), .inMaintenanceRestorePending),
    (.inMaintenanceRestorePending, .decision, .restoring),
    (.restoring, .restoreCompleted, .upToDate),
]

/// The update-state arrows `outputs` report, with the trigger that took each (the input's, then `decision`).
func takenArrows(_ outputs: [Orchestrator.Output], trigger: Orchestrator.Trigger) -> [(UpdateState, Orchestrator.Trigger, UpdateState)] {
    var arrows: [(UpdateState, Orchestrator.Trigger, UpdateState)] = []
    for output in outputs {
        guard case let .updateStateChanged(from, to, _) = output else { continue }
        let taken: Orchestrator.Trigger = arrows.isEmpty && Orchestrator.table.contains(from: from, trigger, to: to) ? trigger : .decision
        arrows.append((from, taken, to))
    }
    return arrows
}

@Suite("Update cycle (update orchestrator)")
struct UpdateCycleTests {
    @Test("each named cycle walks the seed's arrows with the expected requests", arguments: cycles)
    func cycle(_ cycle: Cycle) {
        var machine = Orchestrator(clusterID: cycle.clusterID, server: .ready)
        for step in cycle.steps {
            let before = machine.updateState
            guard let outputs = machine.accept(step.input) else { return }
            #expect(machine.updateState == step.state, "\(step.name): \(before.label) → \(machine.updateState.label)")
            #expect(outputs == step.emits, "\(step.name)")
        }
        #expect(machine.lease == .none && machine.slot == .none && machine.wait == nil)
    }

    @Test("the named cycles cover every arrow of the seed's update diagram")
    func coverage() {
        var taken: [String] = []
        for cycle in cycles {
            var machine = Orchestrator(clusterID: cycle.clusterID, server: .ready)
            for step in cycle.steps {
                let outputs = machine.drive([step.input])
                taken += takenArrows(outputs, trigger: Orchestrator.trigger(of: step.input)).map { "\($0.0) \($0.1) \($0.2)" }
            }
        }
        for (from, trigger, to) in seedUpdateArrows {
            #expect(taken.contains("\(from) \(trigger) \(to)"), "\(from.label) → \(to.label) not walked")
            #expect(Orchestrator.table.contains(from: from, trigger, to: to))
        }
    }

    @Test("update state is derived from status, maintenance state and the update facts")
    func derived() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        #expect(machine.updateState == .upToDate)
        machine.drive(installSteps.map(\.input))
        #expect(machine.updateState == .updating && machine.maintenance == .notInMaintenance)
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(machine.requiresReboot && !machine.updateAvailable && machine.updateState == .evacuationPending)
    }

    @Test("the maintenance state follows only the seed's arrows")
    func maintenanceArrows() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        var seen: [(MaintenanceState, MaintenanceState)] = []
        for step in cycles[2].steps {
            for case let .maintenanceStateChanged(from, to) in machine.drive([step.input]) { seen.append((from, to)) }
        }
        #expect(seen.map { "\($0.0)→\($0.1)" } == [
            "notInMaintenance→evacuating", "evacuating→evacuated", "evacuated→restoring", "restoring→notInMaintenance",
        ])
        for (from, to) in seen {
            #expect(MaintenanceState.table.transitions.contains { $0.from == from && $0.to == to })
        }
    }
}

@Suite("Update cycle failures, retries and rejections")
struct UpdateFailureTests {
    private static let settings = Orchestrator.Settings(
        update: RetryPolicy(timeout: .minutes(10), attempts: 2), evacuation: RetryPolicy(timeout: .minutes(10), attempts: 2))

    /// A clustered member that is evacuating.
    private static func evacuating() -> Orchestrator {
        var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
        machine.drive(Array(cycles[2].steps.prefix(5).map(\.input)))
        #expect(machine.updateState == .evacuating)
        return machine
    }

    @Test("an evacuation that times out is retried, then the cycle fails with a reason; still disrupted, it keeps its grants")
    func evacuationTimeout() {
        var machine = Self.evacuating()
        #expect(machine.accept(.tick, at: t0 + .minutes(9)) == [])
        #expect(machine.accept(.tick, at: t0 + .minutes(10)) == [.evacuate(requestID: "update-1-evacuation-2")])
        let outputs = machine.accept(.tick, at: t0 + .minutes(20))
        #expect(machine.updateState == .failed)
        #expect(machine.failure?.step == .evacuation)
        #expect(outputs == [
            .updateStateChanged(from: .evacuating, to: .failed, reason: "evacuation timed out after 600000ms (attempt 2 of 2)"),
        ])
        #expect(machine.wait == nil && machine.lease == .held && machine.slot == .held)
    }

    @Test("a cycle that fails before it disrupted the server gives its grants back")
    func failureBeforeDisruption() {
        var machine = Orchestrator(settings: Orchestrator.Settings(slot: RetryPolicy(timeout: .minutes(10), attempts: 1)),
                                   clusterID: "c1", server: .ready)
        machine.drive(Array(cycles[2].steps.prefix(4).map(\.input)))
        #expect(machine.slot == .requested)
        #expect(machine.accept(.tick, at: t0 + .minutes(10)) == [
            .updateStateChanged(from: .evacuationPending, to: .failed, reason: "slot timed out after 600000ms (attempt 1 of 1)"),
            .releaseSlot(clusterID: "c1"), .releaseLease(requestID: "update-1-lease"),
        ])
        #expect(machine.accept(.retry) == [
            .updateStateChanged(from: .failed, to: .evacuationPending, reason: nil), .requestLease(requestID: "update-2-lease"),
        ])
    }

    @Test("an operator retry resumes a failed cycle at the failed step")
    func retry() {
        var machine = Self.evacuating()
        machine.drive([
            .evacuationFailed(requestID: "update-1-evacuation-1", reason: "busy"),
            .evacuationFailed(requestID: "update-1-evacuation-2", reason: "busy"),
        ])
        #expect(machine.updateState == .failed)
        #expect(machine.reject(.evacuationCompleted(requestID: "update-1-evacuation-2")) == .stale(
            "evacuationCompleted of update-1-evacuation-2, but no evacuation or restore is outstanding"))
        #expect(machine.accept(.retry) == [
            .updateStateChanged(from: .failed, to: .evacuating, reason: nil), .evacuate(requestID: "update-2-evacuation-1"),
        ])
        #expect(machine.reject(.evacuationCompleted(requestID: "update-1-evacuation-1")) == .stale(
            "evacuationCompleted of update-1-evacuation-1, but update-2-evacuation-1 is outstanding"))
        #expect(machine.accept(.evacuationCompleted(requestID: "update-2-evacuation-1")) == [
            .maintenanceStateChanged(from: .evacuating, to: .evacuated), moved(.evacuating, .inMaintenanceRebootPending),
            .power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-2-reboot")),
        ])
        #expect(machine.leaseRequestID == "update-1-lease")
    }

    @Test("a failed reboot fails the cycle after its budget")
    func rebootFailure() {
        var machine = Orchestrator(settings: Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(10), attempts: 1)), server: .ready)
        machine.drive(Array(cycles[1].steps.prefix(4).map(\.input)))
        let outputs = machine.accept(.powerFailed(requestID: "update-1-reboot", reason: "BMC down"))
        #expect(outputs?.first == .updateStateChanged(from: .rebootPending, to: .failed, reason: "reboot failed: BMC down (attempt 1 of 1)"))
    }

    @Test("late, duplicated and out-of-order inputs change nothing")
    func rejections() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        #expect(machine.reject(.evacuationCompleted(requestID: "update-1-evacuation-1")) == .stale(
            "evacuationCompleted of update-1-evacuation-1, but no evacuation or restore is outstanding"))
        #expect(machine.reject(.leaseGranted(requestID: "update-1-lease")) != nil)
        #expect(machine.reject(.retry) == .notApplicable(state: "Up to date", input: "retry (nothing failed)"))
        machine.drive([.updateAvailable])
        #expect(machine.reject(.updateAvailable) == .duplicate("update available"))
        machine.drive([.leaseGranted(requestID: "update-1-lease"), change(.ready, .updating, .updateStarted, cycle: "update-1")])
        #expect(machine.reject(change(.ready, .updating, .updateStarted)) == .duplicate("status Ready (updating)"))
        #expect(machine.reject(change(.rebooting, .ready, .online)) != nil)
        #expect(machine.reject(.updateFailed(cycleID: "update-0", reason: "late")) == .stale("update failed for cycle update-0, but the cycle is update-1"))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(machine.reject(.leaseGranted(requestID: "update-1-lease")) == .duplicate("lease update-1-lease"))
        #expect(machine.reject(.restoreCompleted(requestID: "update-1-restore-1")) == .stale(
            "restoreCompleted of update-1-restore-1, but no evacuation or restore is outstanding"))
        // Cluster membership is a fact taken in every state (PROTOCOL §1); repeating it is a duplicate.
        #expect(machine.reject(.clusterMembership("c1")) == .duplicate("cluster membership c1"))
        #expect(machine.reject(.powerCompleted(requestID: "nope")) == .stale("power request nope"))
    }

    @Test("a step that needs a ready server waits for it, with a deadline")
    func waitsForReady() {
        var machine = Orchestrator(server: .pending)
        #expect(machine.accept(.updateAvailable) == [moved(.upToDate, .updatePending), .requestLease(requestID: "update-1-lease")])
        #expect(machine.accept(.leaseGranted(requestID: "update-1-lease")) == [])
        #expect(machine.wait?.step == .serverReady)
        #expect(machine.accept(change(.pending, .ready, .configurationDone)) == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
    }
}

@Suite("A failed OS update is not taken as applied, whichever of its two events comes first")
struct UpdateFailureOrderTests {
    /// Announced, triggered and started: the orchestrator waits for the update to finish.
    static func started() -> Orchestrator {
        var machine = Orchestrator(server: .ready)
        machine.drive(installSteps.map(\.input))
        return machine
    }

    @Test("the status change first: back to update pending, then update.failed retries the update")
    func statusFirst() {
        var machine = Self.started()
        #expect(machine.updateState == .updating)
        #expect(machine.accept(change(.updating, .ready, .updateFinished, updateFailed: true, cycle: "update-1")) == [moved(.updating, .updatePending)])
        #expect(machine.updateAvailable)
        #expect(machine.accept(.updateFailed(cycleID: "update-1", reason: "checksum")) == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])
        #expect(machine.updateState == .updatePending)
    }

    @Test("update.failed first: the update is retried, then the status change leaves it pending")
    func failureFirst() {
        var machine = Self.started()
        #expect(machine.accept(.updateFailed(cycleID: "update-1", reason: "checksum")) == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])
        #expect(machine.accept(change(.updating, .ready, .updateFinished, updateFailed: true, cycle: "update-1")) == [moved(.updating, .updatePending)])
        #expect(machine.updateAvailable && machine.wait?.step == .update)
    }

    /// Attempt 2's reports name its request: once attempt 1 ended by its report, one naming no request
    /// may be a copy of attempt 1's (PROTOCOL §2, LateUnnamedFailureStatusTests), so only a named report
    /// ends attempt 2 before its timeout.
    @Test("with the budget used, the cycle fails whichever came first, and is never up to date")
    func budgetUsed() {
        for statusFirst in [true, false] {
            var machine = Self.started()
            for (attempt, request) in [("one", nil), ("two", "update-1-update-2")] {
                if let request {
                    _ = machine.accept(.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1",
                                                                  requestID: request)))
                }
                let finished = Orchestrator.Input.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true,
                                                                            cycleID: "update-1", requestID: request))
                let failed = Orchestrator.Input.updateFailed(cycleID: "update-1", reason: attempt, requestID: request)
                for input in statusFirst ? [finished, failed] : [failed, finished] { _ = machine.accept(input) }
            }
            #expect(machine.updateState == .failed, "status first: \(statusFirst)")
            #expect(machine.failure?.step == .update)
        }
    }
}

@Suite("Update orchestrator sweep")
struct UpdateOrchestratorSweepTests {
    static let settings: Orchestrator.Settings = {
        let policy = RetryPolicy(timeout: .minutes(10), attempts: 2)
        return Orchestrator.Settings(update: policy, serverReady: policy, lease: policy, slot: policy, evacuation: policy,
                                     reboot: policy, restore: policy)
    }()

    /// Every input kind, with status changes the power controller could send next and ticks at the deadline.
    static func inputs(_ machine: Orchestrator) -> [(Orchestrator.Input, Instant)] {
        var inputs: [Orchestrator.Input] = []
        let incus = machine.incusRequestID ?? "none"
        let cycle = machine.updateAvailable ? machine.cycleID : nil
        for arrow in PowerController.statusTable.transitions where arrow.from == machine.server && arrow.to != arrow.from {
            if arrow.trigger == .updateFinished {
                inputs += [true, false].map { change(arrow.from, arrow.to, arrow.trigger, requiresReboot: $0, cycle: cycle) }
                inputs.append(change(arrow.from, arrow.to, arrow.trigger, updateFailed: true, cycle: cycle))
                inputs.append(change(arrow.from, arrow.to, arrow.trigger, requiresReboot: true, cycle: "old"))
            } else if arrow.trigger == .updateStarted {
                inputs += [change(arrow.from, arrow.to, arrow.trigger, cycle: cycle), change(arrow.from, arrow.to, arrow.trigger, cycle: "old")]
            } else {
                inputs.append(change(arrow.from, arrow.to, arrow.trigger))
            }
        }
        inputs += [
            .updateAvailable, .updateFailed(cycleID: machine.cycleID, reason: "x"), .updateFailed(cycleID: "old", reason: "x"),
            .updateFailed(cycleID: machine.cycleID, reason: "x", requestID: machine.installRequestID),
            .leaseGranted(requestID: machine.leaseRequestID), .leaseGranted(requestID: "other"), .slotGranted(requestID: machine.slotRequestID, cluster: machine.clusterID ?? "c1"),
            .slotGranted(requestID: "update-0-slot", cluster: machine.clusterID ?? "c1"),
            .evacuationCompleted(requestID: incus), .evacuationFailed(requestID: incus, reason: "x"), .evacuationCompleted(requestID: "old"),
            .restoreCompleted(requestID: incus), .restoreFailed(requestID: incus, reason: "x"),
            .powerCompleted(requestID: machine.powerRequestID ?? "none"), .powerFailed(requestID: machine.powerRequestID ?? "none", reason: "x"),
            .clusterMembership(machine.clusterID == nil ? "c1" : nil), .retry,
        ]
        // A member also moves to another cluster (it keeps its maintenance state), besides leaving (it ends it).
        if let cluster = machine.clusterID { inputs.append(.clusterMembership(cluster == "c1" ? "c2" : "c1")) }
        return inputs.map { ($0, t0) } + [(.tick, machine.wait?.deadline ?? t0)]
    }

    @Test("every state × input that is not an arrow is rejected; accepted inputs follow arrows; every arrow is taken")
    func sweepAll() {
        let starts = [
            Orchestrator(settings: Self.settings, server: .ready), Orchestrator(settings: Self.settings, clusterID: "c1", server: .ready),
        ]
        var taken = Set<String>()
        // Second pass: from every state the named cycles pass through, a few steps deep.
        var waypoints: [Orchestrator] = []
        for cycle in cycles {
            var machine = Orchestrator(settings: Self.settings, clusterID: cycle.clusterID, server: .ready)
            for step in cycle.steps {
                machine.drive([step.input])
                waypoints.append(machine)
            }
        }
        var count = 0
        for (starts, depth, limit) in [(starts, 16, 2_500), (waypoints, 7, 3_500)] {
        count += sweep(from: starts, depth: depth, limit: limit, inputs: Self.inputs) { before, input, result, after in
            let trigger = Orchestrator.trigger(of: input)
            let state = before.updateState
            if trigger != .timeout, !Orchestrator.table.accepts(state, trigger), case .success = result {
                Issue.record("\(state.label) accepted \(input)")
            }
            if case .serverStatus = input, case let .failure(rejection) = result {
                Issue.record("\(state.label): status change \(input) rejected: \(rejection)")
            }
            guard case let .success(outputs) = result else { return }
            for (from, via, to) in takenArrows(outputs, trigger: trigger) {
                if !Orchestrator.table.contains(from: from, via, to: to) { Issue.record("\(from.label) --\(via)--> \(to.label) is no arrow") }
                taken.insert("\(from) \(via) \(to)")
            }
            if after.updateState == state { taken.insert("\(state) \(trigger) \(state)") }
            for case let .maintenanceStateChanged(from, to) in outputs
            where !MaintenanceState.table.transitions.contains(where: { $0.from == from && $0.to == to }) {
                Issue.record("maintenance \(from) → \(to) is no arrow")
            }
            if after.updateState != .upToDate, after.updateState != .failed, after.wait == nil {
                Issue.record("\(after.updateState.label) waits without a deadline after \(input)")
            }
        }
        }
        let arrows = Set(Orchestrator.table.transitions.filter { $0.from != $0.to || !$0.label.isEmpty }
            .map { "\($0.from) \($0.trigger) \($0.to)" })
        let missing = arrows.subtracting(taken).sorted()
        #expect(missing.isEmpty, "arrows never taken: \(missing)")
        #expect(count > 500)
    }
}

@Suite("The install under the lease, matched reports, and no waiting for a report that cannot come")
struct UpdateInstallProtocolTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// The install of cycle update-1 asked for under the lease, and started.
    static func installing() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive(installSteps.map(\.input))
        #expect(machine.lease == .held && machine.wait?.step == .update && machine.installAttempts == 1)
        return machine
    }

    @Test("no install is asked for before the scheduler grants the lease")
    func installWaitsForTheLease() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        #expect(machine.accept(.updateAvailable) == [moved(.upToDate, .updatePending), .requestLease(requestID: "update-1-lease")])
        #expect(machine.wait?.step == .lease)
        #expect(machine.accept(.tick, at: t0 + .minutes(30)) == [])
        #expect(machine.accept(.leaseGranted(requestID: "update-1-lease")) == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
    }

    @Test("a server that goes offline during the install is asked again once it is ready, not after the install's timeout")
    func offlineDuringInstall() {
        var machine = Self.installing()
        #expect(machine.accept(change(.updating, .shutDown, .shutdown), at: t0 + .minutes(1)) == [moved(.updating, .updatePending)])
        #expect(machine.wait?.step == .serverReady)
        #expect(machine.accept(change(.shutDown, .ready, .online), at: t0 + .minutes(5)) == [
            .triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1"),
        ])
        #expect(machine.wait == Wait(.update, at: t0 + .minutes(5), policy: Self.settings.update).retried(at: t0 + .minutes(5), policy: Self.settings.update))
        // Interrupted again: the budget of two attempts is used, and the cycle fails with why.
        _ = machine.accept(change(.ready, .updating, .updateStarted, cycle: "update-1"))
        _ = machine.accept(change(.updating, .unresponsive, .unresponsive), at: t0 + .minutes(6))
        let outputs = machine.accept(change(.unresponsive, .ready, .online), at: t0 + .minutes(7))
        #expect(outputs == [
            .updateStateChanged(from: .updatePending, to: .failed,
                                reason: "update interrupted: the server went away during the install (attempt 2 of 2)"),
            .releaseLease(requestID: "update-1-lease"),
        ])
    }

    @Test("a report naming an older cycle changes only the status view; the cycle waits for its own")
    func reportOfAnotherCycle() {
        var machine = Self.installing()
        let outputs = machine.accept(change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-0"))
        #expect(outputs == [moved(.updating, .updatePending)])
        #expect(machine.updateAvailable && !machine.requiresReboot && machine.wait?.step == .update)
        #expect(machine.reject(.updateFailed(cycleID: "update-0", reason: "late")) == .stale("update failed for cycle update-0, but the cycle is update-1"))
        _ = machine.accept(change(.ready, .updating, .updateStarted, cycle: "update-1"))
        #expect(machine.accept(change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1")) == [
            moved(.updating, .upToDate), .releaseLease(requestID: "update-1-lease"),
        ])
    }

    @Test("an operator retry always asks for a new install, under the lease, even while the server still reports the old one")
    func retryAsksForANewInstall() {
        var machine = Self.installing()
        _ = machine.accept(.updateFailed(cycleID: "update-1", reason: "disk"))
        // Attempt 2's failure names its request: one naming none could be a copy of attempt 1's (PROTOCOL §2).
        _ = machine.accept(.updateFailed(cycleID: "update-1", reason: "disk", requestID: "update-1-update-2"))
        #expect(machine.updateState == .failed && machine.server == .updating)
        // The server still reports the install as running: the lease is kept until it ends.
        #expect(machine.lease == .held)
        #expect(machine.accept(.retry) == [moved(.failed, .updating), .triggerUpdate(requestID: "update-2-update-1", cycleID: "update-2")])
        #expect(machine.reject(.updateFailed(cycleID: "update-1", reason: "late")) == .stale("update failed for cycle update-1, but the cycle is update-2"))
    }

    @Test("an install that timed out without a report keeps the lease until the server reports it ended")
    func timedOutInstallKeepsTheLease() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        _ = machine.accept(.tick, at: t0 + .minutes(60))
        let failed = machine.accept(.tick, at: t0 + .minutes(120))
        #expect(failed == [.updateStateChanged(from: .updatePending, to: .failed, reason: "update timed out after 3600000ms (attempt 2 of 2)")])
        #expect(machine.lease == .held && machine.failure?.installMayRun == true)
        // Attempt 1 timed out too: a report naming no install request may be its late one while
        // attempt 2 still runs (PROTOCOL §2), so only a report of attempt 2 says the install ended.
        _ = machine.accept(change(.ready, .updating, .updateStarted, cycle: "update-1"))
        #expect(machine.accept(change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")) == [])
        #expect(machine.lease == .held && machine.failure?.installMayRun == true)
        _ = machine.accept(.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1", requestID: "update-1-update-2")))
        #expect(machine.accept(.serverStatus(StatusChange(
            from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1", requestID: "update-1-update-2"))) == [
            .releaseLease(requestID: "update-1-lease"),
        ])
        #expect(machine.updateState == .failed && machine.lease == .none)
    }

    @Test("the lease is given back only once the cycle's reboot command is answered")
    func leaseOutlivesTheRebootCommand() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(cycles[1].steps.prefix(5).map(\.input))
        #expect(machine.updateState == .rebooting)
        #expect(machine.accept(change(.rebooting, .ready, .online)) == [moved(.rebooting, .upToDate)])
        #expect(machine.lease == .held && machine.powerRequestID == "update-1-reboot")
        #expect(machine.accept(.powerCompleted(requestID: "update-1-reboot")) == [.releaseLease(requestID: "update-1-lease")])
    }

    @Test("evacuation and restore answers count only for the request outstanding")
    func incusAnswersAreMatched() {
        var machine = Orchestrator(settings: Self.settings, clusterID: "c1", server: .ready)
        machine.drive(cycles[2].steps.prefix(5).map(\.input))
        #expect(machine.incusRequestID == "update-1-evacuation-1")
        #expect(machine.reject(.evacuationCompleted(requestID: "update-0-evacuation-1")) == .stale(
            "evacuationCompleted of update-0-evacuation-1, but update-1-evacuation-1 is outstanding"))
        #expect(machine.reject(.evacuationFailed(requestID: "x", reason: "busy")) == .stale(
            "evacuationFailed of x, but update-1-evacuation-1 is outstanding"))
        #expect(machine.accept(.evacuationCompleted(requestID: "update-1-evacuation-1"))?.isEmpty == false)
        #expect(machine.incusRequestID == nil)
    }
}

@Suite("Status changes sent again by a replaying power controller")
struct ReplayedStatusChangeTests {
    @Test("a status change with a number already applied is a duplicate, even where it would fit the view")
    func replayedChange() {
        var machine = UpdateInstallProtocolTests.installing()
        // The power controller's numbered changes: started #3, finished #4.
        _ = machine.accept(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1", sequence: 4)))
        #expect(machine.updateState == .upToDate && machine.statusSequence == 4)
        // Restarted from an older state, it replays the start (#3) and the finish (#4):
        // the start would fit the view (Ready → updating) and begin a second cycle.
        let replayedStart = StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1", sequence: 3)
        #expect(machine.reject(.serverStatus(replayedStart)) == .duplicate("status change #3 (#4 applied)"))
        #expect(machine.reject(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1", sequence: 4)))
            == .duplicate("status change #4 (#4 applied)"))
        // The next real change goes on.
        #expect(machine.accept(.serverStatus(StatusChange(from: .ready, to: .rebooting, trigger: .reboot, sequence: 5))) == [])
    }

    @Test("the power controller numbers its status changes, and a replay of the same inputs numbers them the same")
    func numbering() {
        var first = PowerController()
        let inputs: [PowerController.Input] = [.registered(), .configurationDone, .updateStarted(cycleID: "update-1"), .updateFinished(requiresReboot: false, cycleID: "update-1")]
        let outputs = first.drive(inputs)
        let numbers = outputs.compactMap { output -> Int? in
            guard case let .statusChanged(change) = output else { return nil }
            return change.sequence
        }
        #expect(numbers == [1, 2, 3, 4])
        var replay = PowerController()
        #expect(replay.drive(inputs) == outputs)
    }
}
