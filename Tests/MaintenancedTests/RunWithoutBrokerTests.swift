import Foundation
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
        let (status, _, asked) = try await stop(instance, timeout: .seconds(120))
        let errors = instance.standardError
        #expect(status == 0, "\(errors.suffix(2000))")
        // Each wait bounded alone, they once added up to 44 s under CI load: all now share one budget.
        // Timed by the child's own last log line: this process's waits can stall while its
        // few threads run other tests (a CI run saw a 12 s stall), the child's cannot.
        let took = try #require(Self.lastLogTime(errors)).timeIntervalSince(asked)
        #expect(took < (StopBudget.defaultTotal + .seconds(5) + .seconds(5)) / .seconds(1), "stopped \(took) s after SIGTERM")
        #expect(errors.contains("stopping on SIGTERM"))
        #expect(errors.contains("tombstone was not delivered"), "the directory's bounded wait, logged")
    }

    @Test("a second signal while it stops, SIGINT then SIGTERM: exit at once with 128 + SIGTERM's number, the reason logged")
    func secondSignal() async throws {
        let instance = try await started(role: "scheduler")
        defer { if instance.isRunning { instance.kill() } }
        // SIGTERM the moment the graceful stop (which would wait about 25 s for the unreachable
        // broker, then exit 0) has begun: sent by the thread reading the child's output, since
        // this test's own tasks can wait longer than that for a thread of the pool (a CI run's
        // CPU-bound tests held it for 25 s).
        instance.signal(SIGTERM, whenStandardErrorContains: "stopping on SIGINT")
        instance.interrupt()
        let status = try await instance.exitStatus(timeout: .seconds(60))
        let errors = instance.standardError
        // The status alone tells the escape from the graceful stop, which ends 0 after its budget.
        #expect(!instance.endedBySignal && status == 128 + SIGTERM, "\(errors.suffix(2000))")
        let begun = try #require(Self.logTime(of: "stopping on SIGINT", in: errors))
        let took = try #require(Self.lastLogTime(errors)).timeIntervalSince(begun)
        #expect(took < 5, "stopped \(took) s after the graceful stop began, by its own log")
        #expect(errors.contains("stopping at once on a second signal (SIGTERM)"))
        #expect(errors.components(separatedBy: "stopping on SIG").count == 2, "the first signal began one graceful stop")
    }

    @Test("kafka consume --group, SIGTERM with the broker unreachable: exit 0 within the stop budget its last commit and leave share")
    func consumeWithoutBroker() async throws {
        let consumer = try ChildProcess("consume", ["kafka", "consume", "--brokers", "127.0.0.1:1", "--topic", "server.transitions", "--group", "no-broker"])
        defer { if consumer.isRunning { consumer.kill() } }
        try await waitUntil("the consumer tried the broker", timeout: .seconds(60)) { consumer.standardError.contains("Connection refused") }
        let (status, _, _) = try await stop(consumer, timeout: .seconds(120))
        // Ended 0 (not killed by the test's 120 s bound): the budget's waits ended it.
        #expect(status == 0, "\(consumer.standardError.suffix(2000))")
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

    /// Sends SIGTERM and waits for the exit: its status, how long that took here, and when (wall
    /// clock) the signal was sent.
    private func stop(_ instance: ChildProcess, timeout: Duration) async throws -> (status: Int32, took: Duration, asked: Date) {
        let clock = ContinuousClock()
        let (started, asked) = (clock.now, Date())
        instance.terminate()
        let status = try await instance.exitStatus(timeout: timeout)
        return (status, clock.now - started, asked)
    }

    /// The time of the last line the child logged (its JSON lines' `timestamp`).
    static func lastLogTime(_ standardError: String) -> Date? {
        logTimes(standardError).max()
    }

    /// The time of the first line the child logged whose message contains `text`.
    static func logTime(of text: String, in standardError: String) -> Date? {
        logTimes(standardError) { $0.contains(text) }.first
    }

    /// The times of the child's JSON log lines (their `timestamp`) whose message `matches`.
    private static func logTimes(_ standardError: String, matching matches: (String) -> Bool = { _ in true }) -> [Date] {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return standardError.split(separator: "\n").compactMap { line -> Date? in
            guard let data = line.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let text = object["timestamp"] as? String, let message = object["message"] as? String, matches(message)
            else { return nil }
            return format.date(from: text)
        }
    }
}
