import MaintenancedTesting
import Testing

/// `maintenanced run` stopped while no broker answers: every wait of the stop is bounded, so it
/// exits 0 well within the chart's `terminationGracePeriodSeconds` (60 s). Before, the role's
/// start asked each topic's metadata for 5 s in turn (45 s for the update role) and the
/// instance directory awaited its last record's delivery for `message.timeout.ms` (5 minutes).
@Suite("maintenanced run: SIGTERM while no broker answers", .timeLimit(.minutes(3)))
struct RunWithoutBrokerTests {
    @Test("SIGTERM during the start, with the broker unreachable: exit 0 within 45 s, each wait given up on logged")
    func stopWithoutBroker() async throws {
        // Nothing listens on port 1: every connection is refused. Its log is JSON lines (standard
        // error is not a terminal); "starting" comes after SIGTERM is trapped.
        let instance = try ChildProcess("run", ["run", "--role", "update", "--brokers", "127.0.0.1:1", "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory])
        defer { if instance.isRunning { instance.kill() } }
        try await waitUntil("the instance has started", timeout: .seconds(60)) { instance.standardError.contains("\"message\":\"starting\"") }
        let clock = ContinuousClock()
        let asked = clock.now
        instance.terminate()
        let status = try await instance.exitStatus(timeout: .seconds(120))
        let took = clock.now - asked
        let errors = instance.standardError
        #expect(status == 0, "\(errors.suffix(2000))")
        #expect(took < .seconds(45), "stopped after \(took)")
        #expect(errors.contains("stopping on SIGTERM"))
        #expect(errors.contains("tombstone was not delivered"), "the directory's bounded wait, logged")
    }
}
