import Glibc
import MaintenancedTesting
import Processor
import Testing

/// `maintenanced run` stopped while no broker answers: every wait of the stop is bounded, so it
/// exits 0 well within the chart's `terminationGracePeriodSeconds` (60 s). Before, the role's
/// start asked each topic's metadata for 5 s in turn (45 s for the update role) and the
/// instance directory awaited its last record's delivery for `message.timeout.ms` (5 minutes).
@Suite("maintenanced run: SIGTERM while no broker answers", .timeLimit(.minutes(3)))
struct RunWithoutBrokerTests {
    @Test("SIGTERM during the start, with the broker unreachable: exit 0 within the stop's budget (25 s, and up to 5 s of the start's metadata wait), each wait given up on logged")
    func stopWithoutBroker() async throws {
        let instance = try await started(role: "update")
        defer { if instance.isRunning { instance.kill() } }
        let (status, took) = try await stop(instance, timeout: .seconds(120))
        let errors = instance.standardError
        #expect(status == 0, "\(errors.suffix(2000))")
        // Each wait bounded alone, they once added up to 44 s under CI load: all now share one budget.
        #expect(took < StopBudget.defaultTotal + .seconds(5) + .seconds(8), "stopped after \(took)")
        #expect(errors.contains("stopping on SIGTERM"))
        #expect(errors.contains("tombstone was not delivered"), "the directory's bounded wait, logged")
    }

    @Test("a second signal while it stops, SIGINT then SIGTERM: exit at once with 128 + SIGTERM's number, the reason logged")
    func secondSignal() async throws {
        let instance = try await started(role: "scheduler")
        defer { if instance.isRunning { instance.kill() } }
        instance.interrupt()
        // The graceful stop is under way, and would wait about 25 s for the unreachable broker.
        try await waitUntil("the stop has begun", timeout: .seconds(30)) { instance.standardError.contains("stopping on SIGINT") }
        #expect(instance.isRunning, "still stopping gracefully: \(instance.standardError.suffix(1000))")
        let (status, took) = try await stop(instance, timeout: .seconds(60))
        let errors = instance.standardError
        #expect(!instance.endedBySignal && status == 128 + SIGTERM, "\(errors.suffix(2000))")
        #expect(took < .seconds(10), "stopped \(took) after the second signal")
        #expect(errors.contains("stopping at once on a second signal (SIGTERM)"))
        #expect(errors.components(separatedBy: "stopping on SIG").count == 2, "the first signal began one graceful stop")
    }

    @Test("kafka consume --group, SIGTERM with the broker unreachable: exit 0 within the stop budget its last commit and leave share")
    func consumeWithoutBroker() async throws {
        let consumer = try ChildProcess("consume", ["kafka", "consume", "--brokers", "127.0.0.1:1", "--topic", "server.transitions", "--group", "no-broker"])
        defer { if consumer.isRunning { consumer.kill() } }
        try await waitUntil("the consumer tried the broker", timeout: .seconds(60)) { consumer.standardError.contains("Connection refused") }
        let (status, took) = try await stop(consumer, timeout: .seconds(120))
        #expect(status == 0, "\(consumer.standardError.suffix(2000))")
        #expect(took < StopBudget.defaultTotal + .seconds(8), "stopped after \(took)")
        #expect(consumer.standardError.contains("stopping: committing and leaving"))
    }

    /// `maintenanced run --role ROLE` against a broker address nothing listens on (every
    /// connection is refused), once it logged "starting", which comes after the signals are
    /// trapped. Its log is JSON lines (standard error is not a terminal).
    private func started(role: String) async throws -> ChildProcess {
        let instance = try ChildProcess("run", ["run", "--role", role, "--brokers", "127.0.0.1:1", "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory])
        do {
            try await waitUntil("the instance has started", timeout: .seconds(60)) { instance.standardError.contains("\"message\":\"starting\"") }
        } catch {
            instance.kill()
            throw error
        }
        return instance
    }

    /// Sends SIGTERM and waits for the exit: its status, and how long it took.
    private func stop(_ instance: ChildProcess, timeout: Duration) async throws -> (status: Int32, took: Duration) {
        let clock = ContinuousClock()
        let asked = clock.now
        instance.terminate()
        let status = try await instance.exitStatus(timeout: timeout)
        return (status, clock.now - asked)
    }
}
