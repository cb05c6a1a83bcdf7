import Contracts
import Lifecycle
import Testing

/// The state is persisted as JSON to a changelog topic and kept in memory per
/// tracked server; it must stay small (the target is under 1 KiB per server).
@Suite("State size")
struct StateSizeTests {
    /// The size of the state's changelog value.
    static func size(_ value: some ChangelogState) -> Int { (try? value.changelogValue().count) ?? .max }

    @Test("each role's state of a busy server encodes to well under 1 KiB")
    func busyServer() throws {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .powerObserved(.on),
                     .command(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-12-reboot")), .bmcSucceeded(requestID: "update/update-12-reboot", sequence: 1)])
        var orchestrator = Orchestrator(clusterID: "c1", server: .ready)  // the cycle's cluster: a grant of another is stale
        orchestrator.drive(Array(cycles[2].steps.prefix(5).map(\.input)))
        var scheduler = Scheduler(claim: Claim(), power: .on)
        scheduler.drive([
            .maintenanceRequested(maintenance("bios-update-2026-01", priority: 2, policy: .enforced, boot: "bios-update-2026-01-sbc")),
            .maintenanceRequested(maintenance("firmware-nic-2026-01", boot: "firmware-nic-sbc")),
            .maintenanceRequested(maintenance("cleanup-2026-01")),
        ])
        let sizes = [("power controller", Self.size(power)), ("update orchestrator", Self.size(orchestrator)), ("scheduler", Self.size(scheduler))]
        print("state sizes (JSON bytes):", sizes)
        for (role, bytes) in sizes { #expect(bytes < 1_024, "\(role): \(bytes) bytes") }
        #expect(sizes.map(\.1).reduce(0, +) < 2_048)
    }

    @Test("a busy scheduler that also keeps its limit of finished maintenances stays under 1 KiB")
    func schedulerWithFinishedMaintenances() throws {
        var scheduler = Scheduler(power: .on)
        for index in 1...Scheduler.finishedLimit + 2 {
            let name = "bios-update-2026-\(index)"
            scheduler.drive([.maintenanceRequested(maintenance(name, policy: .enforced, power: .on)), .maintenanceCompleted(id(name))])
            if let power = scheduler.powerRequestID { scheduler.drive([.powerCompleted(requestID: power)]) }
        }
        scheduler.drive([.claimChanged(Claim())])
        scheduler.drive([
            .maintenanceRequested(maintenance("bios-update-2026-01", priority: 2, policy: .enforced, boot: "bios-update-2026-01-sbc")),
            .maintenanceRequested(maintenance("firmware-nic-2026-01", boot: "firmware-nic-sbc")),
            .maintenanceRequested(maintenance("cleanup-2026-01")),
        ])
        #expect(scheduler.finished.count == Scheduler.finishedLimit)
        let bytes = Self.size(scheduler)
        print("scheduler with finished maintenances (JSON bytes):", bytes)
        #expect(bytes < 1_024, "scheduler: \(bytes) bytes")
    }
}

@Suite("Time")
struct TimeTests {
    @Test("a daily window is open from its start minute for its length, across midnight too")
    func window() {
        let night = MaintenanceWindow(startMinute: 23 * 60, length: .hours(2))
        #expect(!night.contains(t0 + .hours(22)))
        #expect(night.contains(t0 + .hours(23)))
        #expect(night.contains(t0 + .hours(24) + .minutes(59)))
        #expect(!night.contains(t0 + .hours(25)))
        #expect(night.nextOpening(atOrAfter: t0 + .hours(2)) == t0 + .hours(23))
        #expect(night.nextOpening(atOrAfter: t0 + .hours(23) + .minutes(5)) == t0 + .hours(23) + .minutes(5))
    }

    @Test("retry budgets: each attempt gets a fresh deadline, and the budget runs out")
    func budget() {
        let policy = RetryPolicy(timeout: .minutes(5), attempts: 2)
        let first = Wait(UpdateStep.reboot, at: t0, policy: policy)
        #expect(first.deadline == t0 + .minutes(5) && !first.isDue(at: t0 + .minutes(4)) && first.isDue(at: t0 + .minutes(5)))
        let second = first.retried(at: t0 + .minutes(6), policy: policy)
        #expect(second?.attempt == 2 && second?.deadline == t0 + .minutes(11))
        #expect(second?.retried(at: t0 + .minutes(12), policy: policy) == nil)
        #expect(RetryPolicy(timeout: .minutes(1), attempts: 0).attempts == 1)
    }

    @Test("the power controller names its next deadline")
    func powerDeadline() {
        var power = PowerController(settings: PowerController.Settings(signOfLifeTimeout: .minutes(5)))
        #expect(power.nextDeadline == nil)
        power.drive([.registered(), .configurationDone])
        #expect(power.nextDeadline == t0 + .minutes(5))
    }
}
