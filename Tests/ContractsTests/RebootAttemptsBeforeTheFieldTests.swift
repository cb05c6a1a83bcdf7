import Contracts
import Foundation
import Lifecycle
import Testing

/// `rebootAttempts` (the reboot step's count across a wait for grants) is new in the update
/// orchestrator's changelog value: a value written before it, with a reboot outstanding, restores
/// with the count taken from the outstanding wait, so the retried reboot is still attempt 2 of 2.
@Suite("A reboot outstanding in a state written before rebootAttempts keeps its attempt count (PROTOCOL §4)")
struct RebootAttemptsBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    private static func change(_ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, requiresReboot: Bool? = nil,
                               cycle: String? = nil) -> UpdateOrchestrator.Input {
        .serverStatus(StatusChange(from: from, to: to, trigger: trigger, requiresReboot: requiresReboot, cycleID: cycle))
    }

    @Test("written and read back with the field; without it the retry after the grants wait is attempt 2, and its timeout fails the cycle")
    func olderValue() throws {
        let settings = UpdateOrchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))
        var machine = UpdateOrchestrator(settings: settings, clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"), Self.change(.ready, .updating, .updateStarted, cycle: "update-1"),
            Self.change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        #expect(machine.wait?.step == .reboot && machine.rebootAttempts == 1)
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        var roundTrip = try UpdateOrchestrator(changelogValue: Array(written.utf8))
        roundTrip.settings = settings
        #expect(roundTrip == machine)

        #expect(written.contains(#""rebootAttempts":1"#))
        let old = written.replacingOccurrences(of: #","rebootAttempts":1"#, with: "").replacingOccurrences(of: #""rebootAttempts":1,"#, with: "")
        #expect(!old.contains("rebootAttempts"))
        var restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        restored.settings = settings
        #expect(restored.rebootAttempts == 0 && restored.wait?.attempt == 1)
        _ = try restored.handle(.clusterMembership("c2"), at: Self.t0).get()
        _ = try restored.handle(.tick, at: Self.t0 + .minutes(30)).get()
        _ = try restored.handle(.slotGranted(requestID: "update-1-slot-2", cluster: "c2"), at: Self.t0 + .minutes(31)).get()
        #expect(restored.wait?.step == .reboot && restored.wait?.attempt == 2)
        _ = try restored.handle(.tick, at: Self.t0 + .minutes(61)).get()
        #expect(restored.updateState == .failed)
    }
}
