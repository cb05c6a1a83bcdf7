import Contracts
import Events
import Lifecycle

/// The `codec` section: per state type, the time to write and to read one changelog value
/// through Codable (`JSONValueEncoder`/`JSONValueDecoder`, the path before #19) and through the
/// hand-written codec the runtime uses. In-process, no broker; printed, not in `--json`.
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
            "State codec, per changelog value (µs; in-process, no broker; Codable = JSONValueEncoder/JSONValueDecoder, the path before #19):",
            "",
            "| state | bytes | write, Codable | write, hand-written | read, Codable | read, hand-written | write × | read × |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines.append(try codecRow("scheduler", scheduler))
        lines.append(try codecRow("power", power))
        lines.append(try codecRow("update", update))
        lines.append(try codecRow("rollout", rollout))
        return lines.joined(separator: "\n")
    }

    private func codecRow<State: ChangelogState & Codable>(_ name: String, _ state: State) throws -> String {
        let value = try state.changelogValue()
        let rounds = 100_000
        let codableWrite = try microseconds(rounds) { try JSONValueEncoder().encodeBytes(state).count }
        let handWrite = try microseconds(rounds) { try state.changelogValue().count }
        let codableRead = try microseconds(rounds) { _ = try JSONValueDecoder().decode(State.self, from: value); return 1 }
        let handRead = try microseconds(rounds) { _ = try State(changelogValue: value); return 1 }
        progress("codec \(name): write \(format(codableWrite)) → \(format(handWrite)) µs, read \(format(codableRead)) → \(format(handRead)) µs")
        return "| \(name) | \(value.count) | \(format(codableWrite)) | \(format(handWrite)) | \(format(codableRead)) | \(format(handRead)) | "
            + "\(format(codableWrite / handWrite)) | \(format(codableRead / handRead)) |"
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
