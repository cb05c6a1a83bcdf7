import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

/// A maintenance operator's `maintenance.requested` sent again, the same event with the same
/// `ce_id`, after the maintenance it created has completed (a producer's retry or an outbox
/// replayed after the operator restarted).
///
/// `maintenanced request maintenance --help` (and every `request` subcommand), `--id`: "Sending an
/// event again changes nothing: a role answers what it already applied with a duplicate
/// rejection, whatever the id; an id used again with other content is another event."
/// docs/EVENTS.md: "Two copies of one event (the same `ce_id` sent twice) sit at two positions, so
/// the answer to the second copy (a rejection, code `duplicate`) has an id of its own."
///
/// What happens (seen by an independent client against `maintenanced run`): the copy is taken as
/// a new request: a new ServerMaintenance `Pending → InMaintenance`, the operational state goes
/// to Maintenance again, the maintenance operator is asked to start the work a second time (and
/// with the default `power: off`, the server is powered off and on again). The scheduler forgets a
/// completed maintenance, and keeps no memory of the ids of operators' events.
@Suite("the same maintenance.requested sent again after its maintenance completed changes nothing", .serialized, .timeLimit(.minutes(3)))
struct RepeatedMaintenanceRequestTests {
    static let logger = Logger(label: "repeated-maintenance-request-tests")
    static let server = "server-repeated-request"

    @Test("a copy of a completed maintenance's request (same ce_id, same data) is rejected duplicate and starts no second maintenance")
    func copyAfterCompletion() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let running = try await ServiceUnderTest.start(for: Self.server, children: children, logger: Self.logger)
        let (service, producer) = (running.service, running.producer)
        func send(_ type: String, _ data: JSONValue = [:], id: String, source: String) async throws {
            _ = try await producer.send(OutgoingEvent(type, key: Self.server, data), id: id, source: source, time: wallClockMilliseconds())
        }
        func view() async throws -> JSONValue { try await running.view() }
        func summaries() async throws -> [String] {
            (try await view()["transitions"]?.arrayValue ?? []).compactMap { $0["summary"]?.stringValue }
        }
        func inMaintenance() async throws -> Bool {
            (try await view()["maintenances"]?.arrayValue ?? []).contains { $0["status"] == "InMaintenance" }
        }

        // A server that is on; the maintenance keeps it on, so no BMC is needed once the scheduler knows it is on:
        // the request goes after the power controller reported it (its change, sent first, is folded first).
        try await send(EventName.serverRegistered, id: "agent-1", source: "/tests/agent")
        try await send(EventName.serverConfigured, id: "agent-2", source: "/tests/agent")
        try await send(EventName.bmcPowerObserved, ["power": "on"], id: "bmc-1", source: "/tests/bmc")
        try await waitUntil("the power controller saw the server on", timeout: .seconds(30)) { try await view()["power"]?["observed"] == "on" }
        let request: JSONValue = ["namespace": "ops", "name": "bios", "type": "BIOSUpdate", "policy": "enforced", "power": "on"]
        try await send(EventName.maintenanceRequested, request, id: "operator-request-1", source: "/tests/operator")
        try await waitUntil("the maintenance is active", timeout: .seconds(30)) { try await inMaintenance() }
        try await send(EventName.maintenanceCompleted, ["namespace": "ops", "name": "bios"], id: "operator-done-1", source: "/tests/operator")
        // The run ends powering the server back on, asked of the BMC even though it looks on: answer as the BMC.
        var powerOn: String?
        try await waitUntil("the closing power on is asked of the BMC", timeout: .seconds(30)) {
            let waits = try await view()["waits"]?.arrayValue ?? []
            powerOn = waits.compactMap { $0["waitsFor"]?.stringValue?.firstMatch(of: /request (maintenance-power-\d+)/).map { String($0.1) } }.first
            return powerOn != nil
        }
        try await send(EventName.bmcPowerCompleted, ["requestId": .string("scheduler/\(powerOn ?? "")"), "sequence": 1], id: "bmc-2", source: "/tests/bmc")
        try await waitUntil("the maintenance completed and the server is available again", timeout: .seconds(30)) {
            let answer = try await view()
            return answer["operational"] == "available" && (answer["waits"]?.arrayValue ?? []).isEmpty
                && (answer["maintenances"]?.arrayValue ?? []).allSatisfy { $0["status"] != "InMaintenance" && $0["status"] != "Pending" }
        }
        let before = try await summaries()
        let startsBefore = before.filter { $0.contains("→ InMaintenance") }.count

        // The operator's producer sends the same event again: same ce_id, same data.
        try await send(EventName.maintenanceRequested, request, id: "operator-request-1", source: "/tests/operator")
        try await waitUntil("the copy is answered or applied", timeout: .seconds(15)) {
            let now = try await summaries()
            let active = try await inMaintenance()
            return now.count > before.count || active
        }
        try await Task.sleep(for: .seconds(2))
        let after = try await summaries()
        let answer = try await view()
        #expect(after.filter { $0.contains("→ InMaintenance") }.count == startsBefore, "the copy started the maintenance again: \(after.suffix(after.count - before.count))")
        #expect(answer["operational"] == "available", "the copy put the server in maintenance again: \(answer["operational"].map { "\($0)" } ?? "-")")
        #expect(after.dropFirst(before.count).contains { $0.contains("transition.rejected") && $0.contains("duplicate") }, "the copy was not rejected duplicate: \(after.suffix(after.count - before.count))")
        try await producer.close()
        service.terminate()
        #expect(try await service.exitStatus(timeout: .seconds(60)) == 0)
    }
}
