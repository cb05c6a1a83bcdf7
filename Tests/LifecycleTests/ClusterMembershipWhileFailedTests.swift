import Testing

@testable import Lifecycle

/// The Incus adapter reports that a server joined (or left) a cluster while the server's
/// update cycle is Failed, waiting for an operator's retry.
///
/// Scenario: a standalone server's install fails (its budget used): the cycle is Failed, the
/// lease given back. The server then joins Incus cluster c1 (`incus.cluster.joined`). The
/// orchestrator rejects the event (`clusterMembership does not apply in state Failed`) and keeps
/// `clusterID == nil`; the event is gone (a rejection is final, nothing asks for it again). The
/// operator retries; the install needs a reboot; the orchestrator takes the seed's "else"
/// branch and reboots the c1 member without evacuating it and without a rollout slot of c1.
/// The reverse (a member leaves its cluster while Failed) asks the old cluster's rollout for a
/// slot and Incus for an evacuation of a server that is no longer a member.
///
/// Why it is a defect:
/// - Seed (server-status-and-update-state): after the update, `if_incus --> Evacuation pending:
///   if clusterd Incus`, `else --> Reboot pending`. The branch must follow what the server is.
/// - PROTOCOL §1: the reboot of a clustered member runs under "the lease and a rollout slot of
///   its cluster"; invariant 3: "At most `maxUnavailable` members of a cluster are disrupted by
///   their updates at once" — a member the rollout never hears of is not counted.
/// - The rejected membership is a fact about the server, not a request that can be late or
///   stale: it is the only report of the change (EVENTS.md, `incus.cluster.joined`: "The server
///   is a member of a clustered Incus: updates evacuate it first").
@Suite("A cluster membership change reported while the cycle is Failed is not lost (seed: if clusterd Incus; PROTOCOL §1)")
struct ClusterMembershipWhileFailedTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 1))

    /// Cycle update-1's install failed with its budget used: Failed, nothing held.
    private static func failed(clusterID: String?) -> Orchestrator {
        var machine = Orchestrator(settings: settings, clusterID: clusterID, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        machine.drive([.updateFailed(cycleID: "update-1", reason: "mirror down")])
        #expect(machine.updateState == .failed && machine.lease == .none && machine.slot == .none)
        return machine
    }

    /// The operator retries; the install of cycle update-2 is granted, runs and needs a reboot.
    private static func retriedInstallNeedsReboot(_ machine: inout Orchestrator) -> [Orchestrator.Output] {
        var outputs = machine.drive([.retry, .leaseGranted(requestID: "update-2-lease")])
        outputs += machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-2"),
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-2"),
        ])
        return outputs
    }

    @Test("a server that joined c1 while Failed is evacuated under a slot of c1 after the retry, not just rebooted")
    func joinedWhileFailed() {
        var machine = Self.failed(clusterID: nil)
        _ = machine.handle(.clusterMembership("c1"), at: t0 + .minutes(5))
        let outputs = Self.retriedInstallNeedsReboot(&machine)
        #expect(!outputs.contains { if case .power = $0 { true } else { false } },
                "the c1 member is rebooted without evacuation and without a slot: \(outputs)")
        #expect(outputs.contains(.requestSlot(clusterID: "c1", requestID: "update-2-slot")))
        #expect(machine.updateState == .evacuationPending)
    }

    @Test("a member that left c1 while Failed asks c1's rollout for no slot after the retry")
    func leftWhileFailed() {
        var machine = Self.failed(clusterID: "c1")
        _ = machine.handle(.clusterMembership(nil), at: t0 + .minutes(5))
        let outputs = Self.retriedInstallNeedsReboot(&machine)
        #expect(!outputs.contains { if case .requestSlot = $0 { true } else { false } },
                "a slot of a cluster the server left: \(outputs)")
        #expect(machine.updateState == .rebootPending)
    }
}
