import Testing

@testable import Lifecycle

/// The table takes a lease grant in update pending, updating, Evacuation pending, Reboot pending,
/// Rebooting and Failed, and a slot grant everywhere but update pending and Reboot pending; elsewhere a
/// grant is rejected. The question: can a grant answering the request outstanding arrive in a state
/// without its row (a lease asked, then a cluster membership change, a retry, the server going away)?
/// It cannot, because of two facts the orchestrator keeps:
///
/// - **A lease request is outstanding only while the member is not in maintenance.** Evacuation starts
///   only under the lease held (`holdsGrants`), and a held lease goes back (to none, never to requested)
///   only once the cycle is over or failed *and* the member is not in maintenance (`releaseGrants`,
///   `releaseGrantsOfFailedCycle`). No input moves the maintenance state but the orchestrator's own
///   requests and their answers, so Evacuating, In maintenance (…) and Restoring always hold the lease.
///   Up to date has no outstanding lease either: the decision step gives the grants back there
///   (withdrawing a request) unless a power command is unanswered, and a command is sent only under the
///   lease held.
/// - **A slot request is outstanding only for a clustered member after its install.** It is asked for
///   only in the reboot, evacuation and restore states of a member with a cluster; a membership change
///   gives it back first (`releaseSlot`), so a member in no cluster (Reboot pending) has none; and update
///   pending needs an announced update not installed yet, which a new cycle id starts only after the
///   grants went back (Up to date, the watch of the server's own install ended Failed) or an operator
///   retry resumes at the install, before which no slot is asked for.
///
/// So the rows are the states a request can be outstanding in (`UpdateOrchestrator+Tables.swift`), and
/// a grant arriving elsewhere answers no outstanding request: it is a duplicate (held) or of a request
/// withdrawn.
@Suite("A grant answering the outstanding request is never rejected as not applicable (PROTOCOL §1, §2)")
struct GrantOutstandingStatesTests {
    private static let settings = UpdateOrchestratorSweepTests.settings

    /// States the sweep starts from: a standalone server and a member, and every state of the named
    /// cycles, plus a cycle failed with its lease given back, whose retry asks for the lease again.
    private static func starts() -> [Orchestrator] {
        var states = [Orchestrator(settings: settings, server: .ready), Orchestrator(settings: settings, clusterID: "c1", server: .ready)]
        for cycle in cycles {
            var machine = Orchestrator(settings: settings, clusterID: cycle.clusterID, server: .ready)
            for step in cycle.steps {
                machine.drive([step.input])
                states.append(machine)
            }
        }
        var failed = Orchestrator(settings: settings, server: .ready)
        failed.drive(installSteps.map(\.input))
        failed.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            // The reboot run again after its failure is a command of its own (PROTOCOL §4).
            .powerFailed(requestID: "update-1-reboot", reason: "BMC"), .powerFailed(requestID: "update-1-reboot-2", reason: "BMC"),
        ])
        #expect(failed.updateState == .failed && failed.lease == .none)
        states.append(failed)
        return states
    }

    @Test("in every state reached, an outstanding request's grant is taken; the facts that keep it so hold")
    func sweepOutstanding() {
        var outstanding: [UpdateState: Set<String>] = [:]
        let count = sweep(from: Self.starts(), depth: 9, limit: 6_000, inputs: UpdateOrchestratorSweepTests.inputs) { _, input, _, after in
            let state = after.updateState
            if after.lease == .requested {
                #expect(after.maintenance == .notInMaintenance, "\(state.label): lease asked while in maintenance after \(input)")
                let takes = Orchestrator.table.accepts(state, .leaseGranted)
                #expect(takes, "\(state.label): lease asked, no lease-granted row")
                var granted = after
                if case let .failure(rejection) = granted.handle(.leaseGranted(requestID: after.leaseRequestID), at: t0) {
                    Issue.record("\(state.label): the outstanding lease's grant rejected: \(rejection)")
                }
                outstanding[state, default: []].insert("lease")
            }
            if after.slot != .none {
                #expect(after.clusterID != nil, "\(state.label): a slot asked or held in no cluster after \(input)")
            }
            if after.slot == .requested, let cluster = after.clusterID {
                let takes = Orchestrator.table.accepts(state, .slotGranted)
                #expect(takes, "\(state.label): slot asked, no slot-granted row")
                var granted = after
                if case let .failure(rejection) = granted.handle(.slotGranted(requestID: after.slotRequestID, cluster: cluster), at: t0) {
                    Issue.record("\(state.label): the outstanding slot's grant rejected: \(rejection)")
                }
                outstanding[state, default: []].insert("slot")
            }
        }
        #expect(count > 3_000)
        // The rows are used: a lease request is outstanding in each state that takes its grant, bar Failed's
        // lease (covered by GrantWhileFailedTests), and the slot in the evacuation and restore states.
        for state in [UpdateState.updatePending, .updating, .evacuationPending, .rebootPending, .rebooting] {
            #expect(outstanding[state]?.contains("lease") == true, "no lease outstanding reached in \(state.label)")
        }
        for state in [UpdateState.evacuationPending, .inMaintenanceRestorePending, .restoring, .failed] {
            #expect(outstanding[state]?.contains("slot") == true, "no slot outstanding reached in \(state.label)")
        }
    }

    @Test("the paths named: a lease asked, then the member joins a cluster; the grant is taken and the slot asked")
    func leaseThenMembership() {
        var machine = Self.starts().last!
        machine.drive([.retry], at: t0 + .minutes(1))
        #expect(machine.updateState == .rebootPending && machine.lease == .requested)
        machine.drive([.clusterMembership("c1")], at: t0 + .minutes(2))
        #expect(machine.updateState == .evacuationPending && machine.lease == .requested)
        let outputs = machine.accept(.leaseGranted(requestID: "update-2-lease"), at: t0 + .minutes(3)) ?? []
        #expect(outputs == [.requestSlot(clusterID: "c1", requestID: "update-2-slot")])
    }

    @Test("a lease asked while the server rebooted on its own, withdrawn once it is back: its late grant is not the cycle's")
    func serverWentAway() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([change(.ready, .updating, .updateStarted), change(.updating, .ready, .updateFinished, requiresReboot: true)])
        #expect(machine.updateState == .rebootPending && machine.lease == .requested)
        machine.drive([change(.ready, .rebooting, .reboot)])
        #expect(machine.updateState == .rebooting && machine.lease == .requested)
        let back = machine.drive([change(.rebooting, .ready, .online)])
        #expect(machine.updateState == .upToDate && machine.lease == .none && back.contains(.releaseLease(requestID: "update-0-lease")))
        #expect(machine.reject(.leaseGranted(requestID: "update-0-lease")) == .stale("lease update-0-lease: no lease request is outstanding"))
    }

    /// PROTOCOL §1, §2: a grant of a request withdrawn is `stale`, one of a grant held a `duplicate`; in a state
    /// without the grant's row it was `not applicable`, which says the input never fits the state, though the
    /// same grant one state earlier was the answer.
    @Test("a grant in a state without its row is a duplicate (held) or stale (withdrawn), not 'not applicable'")
    func rejectionSaysWhy() {
        var member = Orchestrator(settings: Self.settings, clusterID: "c1", server: .ready)
        member.drive(installSteps.map(\.input))
        member.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(member.updateState == .evacuationPending && member.slot == .requested)
        var evacuating = member
        evacuating.drive([.slotGranted(requestID: "update-1-slot", cluster: "c1")])
        #expect(evacuating.updateState == .evacuating)
        #expect(evacuating.reject(.leaseGranted(requestID: "update-1-lease")) == .duplicate("lease update-1-lease"))
        #expect(evacuating.reject(.slotGranted(requestID: "update-1-slot", cluster: "c1")) == .duplicate("slot"))
        // The member leaves its cluster while the slot is asked for: the request is withdrawn, and c1's
        // lagging grant arrives once the server waits for its reboot (Reboot pending, no cluster).
        member.drive([.clusterMembership(nil)])
        #expect(member.updateState == .rebootPending)
        #expect(member.reject(.slotGranted(requestID: "update-1-slot", cluster: "c1"))
                    == .stale("slot grant of update-1-slot from c1, but no slot is asked for"))
    }
}
