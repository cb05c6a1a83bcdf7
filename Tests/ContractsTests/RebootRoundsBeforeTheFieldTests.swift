import Contracts
import Foundation
import Lifecycle
import Testing

/// `rebootRounds` (how many reboot rounds the cycle id has had) is new in the update orchestrator's
/// changelog value. A value written before it restores in round 1, whose ids are the ones written before
/// (`update-N-reboot`, `update-N-restore-A`); an install the server applies on its own afterwards and that
/// needs a reboot again starts round 2, not round 1 again, so its reboot does not repeat the id the power
/// controller has as completed (PROTOCOL §2, §3).
@Suite("A state written before rebootRounds restores in round 1, and its next round is round 2 (PROTOCOL §2, §3)")
struct RebootRoundsBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    private static func change(_ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, requiresReboot: Bool? = nil,
                               cycle: String? = nil) -> UpdateOrchestrator.Input {
        .serverStatus(StatusChange(from: from, to: to, trigger: trigger, requiresReboot: requiresReboot, cycleID: cycle))
    }

    @Test("written and read back with the field; without it the restore keeps its id and the next round is round 2")
    func olderValue() throws {
        var machine = UpdateOrchestrator(clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"), Self.change(.ready, .updating, .updateStarted, cycle: "update-1"),
            Self.change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
            Self.change(.ready, .rebooting, .reboot), Self.change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot"),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        #expect(machine.updateState == .restoring && machine.incusRequestID == "update-1-restore-1" && machine.rebootRounds == 1)
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        #expect(try UpdateOrchestrator(changelogValue: Array(written.utf8)) == machine)

        #expect(written.contains(#""rebootRounds":1"#))
        let old = written.replacingOccurrences(of: #","rebootRounds":1"#, with: "").replacingOccurrences(of: #""rebootRounds":1,"#, with: "")
        #expect(!old.contains("rebootRounds"))
        var restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        #expect(restored.rebootRounds == 0 && restored.incusRequestID == "update-1-restore-1")
        // The server applies an update on its own during the restore; it needs a reboot again.
        for input: UpdateOrchestrator.Input in [
            Self.change(.ready, .updating, .updateStarted), Self.change(.updating, .ready, .updateFinished, requiresReboot: true),
        ] {
            _ = try restored.handle(input, at: Self.t0).get()
        }
        #expect(restored.rebootRounds == 2)
        let evacuation = try restored.handle(.restoreCompleted(requestID: "update-1-restore-1"), at: Self.t0).get()
        #expect(evacuation.contains(.evacuate(requestID: "update-1-round-2-evacuation-1")), "\(evacuation)")
        let reboot = try restored.handle(.evacuationCompleted(requestID: "update-1-round-2-evacuation-1"), at: Self.t0).get()
        #expect(reboot.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-round-2-reboot"))), "\(reboot)")
    }
}
