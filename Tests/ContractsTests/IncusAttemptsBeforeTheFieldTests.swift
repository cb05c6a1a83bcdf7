import Contracts
import Foundation
import Lifecycle
import Testing

/// A state written before `incusAttempts` existed (97d031f) restores with the evacuation's
/// attempt count at 0 while that evacuation is outstanding: once the server goes away and comes
/// back, the evacuation is asked again with the id of the one that failed.
///
/// Scenario: a c1 member holds lease and slot and has asked Incus to evacuate it
/// (`update-1-evacuation-1`, attempt 1 of 2). The instance is upgraded: the new build restores
/// the changelog value the old build wrote, which has the `wait` (evacuation, attempt 1) and
/// `incusRequestID`, but no `incusAttempts` (the reader takes nil, 0). The server goes
/// unresponsive, Incus reports the evacuation failed, the server comes back: `start(.evacuation)`
/// numbers the next request `incusAttempts + 1` = 1, so it is `update-1-evacuation-1` again, and a
/// copy of the first request's `incus.evacuation.failed` (a producer retry) is taken for it.
///
/// Why it is a defect: the brief's changelog rule, "states written before must still decode"
/// — and decode to the same meaning: the restored state forgets that attempt 1 was made.
/// PROTOCOL §4: an evacuation failed while the server is away "is asked again, once it is
/// ready, as the next attempt of its budget with a new request id (`update-N-evacuation-2`),
/// so a copy of the first one's answer is `stale`"; §2: no two requests share an id.
/// (`incusAttempts` missing could be taken from the outstanding wait's attempt.)
@Suite("An evacuation outstanding in a state written before incusAttempts keeps its attempt count (PROTOCOL §2, §4)")
struct IncusAttemptsBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    private static func change(_ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, requiresReboot: Bool? = nil,
                               cycle: String? = nil) -> UpdateOrchestrator.Input {
        .serverStatus(StatusChange(from: from, to: to, trigger: trigger, requiresReboot: requiresReboot, cycleID: cycle))
    }

    @Test("the evacuation asked after the server came back is attempt 2, not update-1-evacuation-1 again")
    func nextAttemptAfterRestore() throws {
        let settings = UpdateOrchestrator.Settings(evacuation: RetryPolicy(timeout: .minutes(30), attempts: 2))
        var machine = UpdateOrchestrator(settings: settings, clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"), Self.change(.ready, .updating, .updateStarted, cycle: "update-1"),
            Self.change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        #expect(machine.updateState == .evacuating && machine.incusRequestID == "update-1-evacuation-1")
        // The value as the build before 97d031f wrote it: everything but `incusAttempts`.
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        #expect(written.contains(#""incusAttempts":1,"#))
        let old = written.replacingOccurrences(of: #""incusAttempts":1,"#, with: "")
        var restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        restored.settings = settings
        #expect(restored.wait?.step == .evacuation && restored.wait?.attempt == 1 && restored.incusRequestID == "update-1-evacuation-1")

        // The server goes away, the evacuation fails, the server comes back.
        _ = try restored.handle(Self.change(.ready, .unresponsive, .unresponsive), at: Self.t0 + .minutes(1)).get()
        _ = try restored.handle(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "member unreachable"), at: Self.t0 + .minutes(1)).get()
        let asked = try restored.handle(Self.change(.unresponsive, .ready, .online), at: Self.t0 + .minutes(2)).get()
        let ids = asked.compactMap { output -> String? in
            if case let .evacuate(requestID) = output { return requestID }
            return nil
        }
        #expect(ids == ["update-1-evacuation-2"], "after the restore from an old value: \(asked)")
        // A copy of the first request's failure answers nothing outstanding.
        let copy = restored.handle(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "member unreachable"), at: Self.t0 + .minutes(3))
        guard case .failure(.stale) = copy else {
            Issue.record("the copy of the first evacuation's failure was taken for the one asked after the restore: \(copy)")
            return
        }
    }
}
