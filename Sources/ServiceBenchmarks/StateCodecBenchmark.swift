import Contracts
import Lifecycle

/// The `codec` section: per state type, the size of one changelog value and the time to write
/// and to read it through the changelog codec the runtime uses (`ChangelogState`). In-process,
/// no broker; printed, not in `--json`. (The Codable path it replaced in #19 is gone; its
/// figures are in BENCHMARKS.md.)
extension ServiceBenchmark {
    func codecTable() throws -> String {
        let instant = Instant(millisecondsSinceEpoch: 1_764_806_400_000)
        let request = MaintenanceRequest(
            id: MaintenanceID(namespace: "datacenter-ops", name: "bios-2026-12"), type: "BIOSUpdate", priority: 2,
            policy: .ownerApproval, bootConfiguration: "pxe-maintenance", power: .off)
        let scheduler = MaintenanceScheduler(
            claim: Claim(okToMaintenance: true), operational: .maintenance, power: .off, powerBefore: .on,
            queue: [ServerMaintenance(request: request, arrival: 1, status: .inMaintenance)], phase: .inMaintenance,
            wait: Wait(step: .inMaintenance, attempt: 1, deadline: instant), current: request.id, outcome: nil, outcomeReason: nil,
            approvalAskedFor: request.id, leaseRequestID: nil, powerRequestID: "scheduler-server-000123-4", sequence: 4, powerSequence: 3)
        let power = PowerController(
            condition: .ready, desiredPower: .on, observedPower: .on,
            operation: PowerController.Operation(
                request: PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3"), wait: Wait(step: .rebooting, attempt: 1, deadline: instant),
                sequence: 7),
            signOfLifeDeadline: instant, updateCycle: "update-3", finished: [PowerController.Finished(request: PowerRequest(.powerOn, by: .scheduler, id: "p-2"), completed: true, sequence: 1)],
            statusSequence: 12)
        let update = UpdateOrchestrator(
            clusterID: "cluster-017", server: .ready, updateAvailable: true, requiresReboot: true, maintenance: .evacuated, lease: .held,
            slot: .held, wait: Wait(step: .reboot, attempt: 1, deadline: instant), failure: nil, sequence: 3, leaseSequence: 3,
            powerRequestID: "update-3", installAttempts: 1, incusRequestID: "incus-3", statusSequence: 5)
        let rollout = ClusterRollout(maxUnavailable: 2, holders: ["server-000101", "server-000102"], queue: ["server-000103", "server-000104", "server-000105"])
        var lines = [
            "State codec, per changelog value (µs; in-process, no broker):",
            "",
            "| state | bytes | write | read |",
            "|---|---:|---:|---:|",
        ]
        lines.append(try codecRow("scheduler", scheduler))
        lines.append(try codecRow("power", power))
        lines.append(try codecRow("update", update))
        lines.append(try codecRow("rollout", rollout))
        return lines.joined(separator: "\n")
    }

    private func codecRow<State: ChangelogState & Equatable>(_ name: String, _ state: State) throws -> String {
        let value = try state.changelogValue()
        // A figure of a codec that loses a member would mean nothing.
        guard try State(changelogValue: value) == state else { throw BenchmarkError("the \(name) state does not read back as written") }
        let rounds = 100_000
        let write = try microseconds(rounds) { try state.changelogValue().count }
        let read = try microseconds(rounds) { _ = try State(changelogValue: value); return 1 }
        progress("codec \(name): \(value.count) bytes, write \(format(write)) µs, read \(format(read)) µs")
        return "| \(name) | \(value.count) | \(format(write)) | \(format(read)) |"
    }

    /// The mean time of `body` over `rounds` runs, after a tenth as many to warm up.
    private func microseconds(_ rounds: Int, _ body: () throws -> Int) throws -> Double {
        var sink = 0
        for _ in 0..<rounds / 10 { sink &+= try body() }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<rounds { sink &+= try body() }
        let elapsed = clock.now - start
        precondition(sink != 0)
        let (seconds, attoseconds) = elapsed.components
        return (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(rounds)
    }
}
