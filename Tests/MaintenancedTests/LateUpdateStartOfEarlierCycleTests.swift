import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

/// An OS updater's late `update.started` of a cycle that already ended, arriving while the next
/// cycle's install is outstanding (a producer retry, a report delayed in the updater's queue).
///
/// docs/EVENTS.md, `update.started` `cycleId`: "Required for an install maintenanced asked for: a
/// report naming another cycle is rejected `stale`". docs/EVENTS.md (answers are matched to
/// requests): "An answer that names a request or cycle other than the one outstanding (late, or of
/// an attempt given up on) is answered with `transition.rejected`, code `stale`, and changes
/// nothing; the step still waits for its own answer". docs/PROTOCOL.md §2: "A report naming another
/// cycle is `stale` ... it moves no cycle on."
///
/// What happens (seen by an independent client against `maintenanced run`): the power controller
/// takes the late start of `update-1` (server status `Ready (updating)` naming cycle `update-1`, and
/// the orchestrator's update state goes `update pending → updating`); then the updater's own
/// reports of `update-2` are rejected — its start `not-applicable` ("updateStarted does not apply in
/// state Ready (updating)") and its completion `stale` ("update report of cycle update-2, but cycle
/// update-1 runs"). The current cycle cannot complete: its install times out, is asked again, and
/// the cycle fails keeping the lease. The power controller remembers nothing of the cycles it saw
/// finish (`PowerController.install` is cleared at the finish), so a copy of a finished cycle's
/// start is taken as a new one.
@Suite("a late update.started of a finished cycle is stale and does not block the next cycle", .serialized, .timeLimit(.minutes(3)))
struct LateUpdateStartOfEarlierCycleTests {
    static let logger = Logger(label: "late-update-start-tests")
    static let server = "server-late-start"

    @Test("update-1's start sent again during update-2 is rejected stale; update-2's own start and completion bring the server up to date")
    func lateStartOfFinishedCycle() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let running = try await ServiceUnderTest.start(for: Self.server, children: children, logger: Self.logger)
        let (service, producer) = (running.service, running.producer)
        var sent = 0
        func send(_ type: String, _ data: JSONValue = [:], source: String = "/tests/updater") async throws -> String {
            sent += 1
            let id = "late-start-\(sent)"
            _ = try await producer.send(OutgoingEvent(type, key: Self.server, data), id: id, source: source, time: wallClockMilliseconds())
            return id
        }
        func view() async throws -> JSONValue { try await running.view() }
        func waitsForInstall() async throws -> Bool {
            (try await view()["waits"]?.arrayValue ?? []).contains { $0["role"] == "update" && $0["step"] == "update" }
        }
        func rejections() async throws -> [String] {
            (try await view()["transitions"]?.arrayValue ?? []).compactMap { $0["summary"]?.stringValue }.filter { $0.hasPrefix("transition.rejected") }
        }

        _ = try await send(EventName.serverRegistered, source: "/tests/agent")
        _ = try await send(EventName.serverConfigured, source: "/tests/agent")
        // Cycle update-1: installed without a reboot.
        _ = try await send(EventName.updateAvailable, ["version": "1"])
        try await waitUntil("update-1's install is asked for", timeout: .seconds(30)) { try await waitsForInstall() }
        _ = try await send(EventName.updateStarted, ["cycleId": "update-1", "requestId": "update-1-update-1"])
        _ = try await send(EventName.updateCompleted, ["requiresReboot": false, "cycleId": "update-1", "requestId": "update-1-update-1"])
        try await waitUntil("update-1 is over", timeout: .seconds(30)) {
            let answer = try await view()
            return answer["updateState"] == "Up to date" && answer["status"] == "Ready" && (answer["waits"]?.arrayValue ?? []).isEmpty
        }
        // Cycle update-2 asks for its install; a copy of update-1's start arrives late, then update-2's own reports.
        _ = try await send(EventName.updateAvailable, ["version": "2"])
        try await waitUntil("update-2's install is asked for", timeout: .seconds(30)) { try await waitsForInstall() }
        let before = try await rejections().count
        _ = try await send(EventName.updateStarted, ["cycleId": "update-1", "requestId": "update-1-update-1"])
        try await waitUntil("the late start is answered or applied", timeout: .seconds(15)) {
            let count = try await rejections().count
            let status = try await view()["status"]
            return count > before || status == "Ready (updating)"
        }
        let late = try await view()
        #expect(late["status"] == "Ready", "the late start of update-1 moved the server status: \(late["status"].map { "\($0)" } ?? "-")")
        let afterLate = try await rejections()
        #expect(afterLate.dropFirst(before).contains { $0.contains("stale") }, "the late start of update-1 was not rejected stale: \(afterLate)")

        _ = try await send(EventName.updateStarted, ["cycleId": "update-2", "requestId": "update-2-update-1"])
        _ = try await send(EventName.updateCompleted, ["requiresReboot": false, "cycleId": "update-2", "requestId": "update-2-update-1"])
        var settled = false
        do {
            try await waitUntil("update-2 is over", timeout: .seconds(20)) {
                let answer = try await view()
                return answer["updateState"] == "Up to date" && answer["status"] == "Ready" && (answer["waits"]?.arrayValue ?? []).isEmpty
            }
            settled = true
        } catch {}
        let end = try await view()
        let rejected = try await rejections()
        #expect(settled, "update-2's own reports did not end its install: status \(end["status"].map { "\($0)" } ?? "-"), update state \(end["updateState"].map { "\($0)" } ?? "-"), rejections \(rejected)")
        try await producer.close()
        service.terminate()
        #expect(try await service.exitStatus(timeout: .seconds(60)) == 0)
    }
}
