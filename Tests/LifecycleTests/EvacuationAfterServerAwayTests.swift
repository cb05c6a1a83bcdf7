import Testing

@testable import Lifecycle

/// An evacuation that fails while the server is away (unresponsive) is asked again once the
/// server is ready: with the same request id as the one that failed, and as attempt 1 again.
///
/// Scenario: a clustered member holds the lease and its slot and asks Incus to evacuate it
/// (`update-1-evacuation-1`). The server goes unresponsive and Incus reports the evacuation
/// failed. `retryOrFail` sees the server is not ready and waits for it (`serverReady`) instead
/// of retrying; when the server is ready again, `advance` starts the evacuation afresh with
/// `begin(.evacuation)`: attempt 1, request id `update-1-evacuation-1` once more.
///
/// Why it is a defect:
/// - Two different evacuation requests carry the same `requestId`, so an answer can no longer
///   be matched to its request: a copy of the first request's `incus.evacuation.failed`
///   (a producer retry) is taken as the answer to the second one. PROTOCOL §2: "Every request
///   maintenanced sends downstream carries an id, and the answer must echo it. An answer that
///   names a request other than the one outstanding (late, duplicated, or of an attempt given
///   up on) is answered with `transition.rejected`, code `stale`, and changes nothing".
/// - The attempts interrupted by the server going away never count: a member whose server
///   drops out during each evacuation is asked to evacuate forever and never fails.
///   PROTOCOL §4: "Every step that waits on the outside world has a deadline and a retry
///   budget … and ends in a visible failed state with a reason when the budget is used"
///   (the install counts such interrupted attempts; the evacuation does not).
@Suite("An evacuation asked again after the server went away is a new request within the budget (PROTOCOL §2, §4)")
struct EvacuationAfterServerAwayTests {
    private static let settings = Orchestrator.Settings(evacuation: RetryPolicy(timeout: .minutes(30), attempts: 2))

    private static func evacuating() -> Orchestrator { evacuatingMember(settings: settings) }

    @Test("the evacuation asked again has a new id, and a copy of the first one's failure is stale")
    func newRequestID() {
        var machine = Self.evacuating()
        machine.drive([
            change(.ready, .unresponsive, .unresponsive),
            .evacuationFailed(requestID: "update-1-evacuation-1", reason: "member unreachable"),
        ], at: t0 + .minutes(1))
        let asked = machine.accept(change(.unresponsive, .ready, .online), at: t0 + .minutes(2)) ?? []
        let ids = asked.compactMap { output -> String? in
            if case let .evacuate(requestID) = output { return requestID }
            return nil
        }
        #expect(ids.count == 1)
        #expect(!ids.contains("update-1-evacuation-1"), "a second evacuation request with the id of the one that failed: \(asked)")
        // The first request's failure, delivered again (a producer retry), answers no request outstanding.
        let copy = machine.handle(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "member unreachable"), at: t0 + .minutes(3))
        guard case .failure(.stale) = copy else {
            Issue.record("the copy of the first evacuation's failure was taken for the second one: \(copy)")
            return
        }
    }

    @Test("evacuations interrupted by the server going away use the budget: the cycle fails, it does not evacuate forever")
    func bounded() {
        var machine = Self.evacuating()
        var now = t0
        var requests = 1
        for _ in 0..<6 where machine.updateState == .evacuating {
            guard let outstanding = machine.incusRequestID else { break }
            now = now + .minutes(1)
            machine.drive([change(.ready, .unresponsive, .unresponsive)], at: now)
            _ = machine.handle(.evacuationFailed(requestID: outstanding, reason: "member unreachable"), at: now)
            now = now + .minutes(1)
            let outputs = machine.accept(change(.unresponsive, .ready, .online), at: now) ?? []
            requests += outputs.filter { if case .evacuate = $0 { true } else { false } }.count
        }
        #expect(machine.updateState == .failed, "still \(machine.updateState.label) after \(requests) evacuation requests (budget: 2)")
        #expect(requests <= Self.settings.evacuation.attempts)
    }
}
