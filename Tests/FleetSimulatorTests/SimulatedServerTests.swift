import Contracts
import Events
import Testing

@testable import FleetSimulator

@Suite("the simulated world answers maintenanced's requests")
struct SimulatedServerTests {
    static let timing = SimulatorTiming.fast

    /// An event maintenanced sends about server-0001: a request or a transition.
    static func event(_ type: String, id: String, _ data: JSONValue = [:]) -> CloudEvent {
        CloudEvent(id: id, source: "/maintenanced/power", type: type, subject: "server-0001", time: 0, dataContentType: "application/json", data: data)
    }

    @Test("a server registers, joins its cluster and is claimed; its BMC reports it on once it is known, its configuration finishes once it is on")
    func start() {
        var server = SimulatedServer(plan: ServerPlan(id: "server-0001", cluster: "c1", claim: .needsApproval), timing: Self.timing, seed: 1)
        let types = server.start().map(\.event.type)
        #expect(types == [EventName.serverRegistered, EventName.incusClusterJoined, EventName.serverClaimed])
        var view = ServerView(id: "server-0001")
        let created = Self.event(
            EventName.serverStatusChanged, id: "t-1",
            ["from": ["status": "Unknown", "detail": "none"], "to": ["status": "Pending", "detail": "none"], "trigger": "create"])
        view.apply(created)
        #expect(server.observe(created, view: view).map(\.event.type) == [EventName.bmcPowerObserved])
        let on = Self.event(EventName.serverPowerChanged, id: "t-2", ["power": "on"])
        view.apply(on)
        #expect(server.observe(on, view: view).map(\.event.type) == [EventName.serverConfigured])
        #expect(server.observe(on, view: view).isEmpty)
    }

    @Test("each request id is answered once, whatever the redeliveries")
    func answersOnce() {
        var server = SimulatedServer(plan: ServerPlan(id: "server-0001"), timing: Self.timing, seed: 1)
        let request = Self.event(EventName.bmcPowerRequested, id: "r-1", ["action": "graceful-off", "requestId": "maintenance-power-1", "sequence": 1])
        let first = server.handle(request: request)
        #expect(first.map(\.event.type) == [EventName.bmcPowerCompleted])
        #expect(first.first?.event.data["requestId"] == "maintenance-power-1")
        #expect(server.handle(request: request).isEmpty)
        #expect(server.poweredOn == false)
    }

    @Test("a BMC planned to fail fails the first attempt and carries out the retry")
    func bmcFailure() {
        var server = SimulatedServer(plan: ServerPlan(id: "server-0001", bmcFailures: 1), timing: Self.timing, seed: 1)
        let first = server.handle(request: Self.event(EventName.bmcPowerRequested, id: "r-1", ["action": "reboot", "requestId": "x", "sequence": 1]))
        #expect(first.map(\.event.type) == [EventName.bmcPowerFailed])
        let second = server.handle(request: Self.event(EventName.bmcPowerRequested, id: "r-2", ["action": "reboot", "requestId": "x", "sequence": 2]))
        #expect(second.map(\.event.type) == [EventName.bmcPowerCompleted])
        #expect(second.first?.event.data["sequence"] == 2)
    }

    @Test("an update planned to fail fails once, then applies")
    func updateFailure() {
        var server = SimulatedServer(plan: ServerPlan(id: "server-0001", updateFailures: 1), timing: Self.timing, seed: 1)
        let first = server.handle(request: Self.event(EventName.updateInstallRequested, id: "u-1", ["requestId": "update-1-update-1"]))
        #expect(first.map(\.event.type) == [EventName.updateStarted, EventName.updateFailed])
        let second = server.handle(request: Self.event(EventName.updateInstallRequested, id: "u-2", ["requestId": "update-1-update-2"]))
        #expect(second.map(\.event.type) == [EventName.updateStarted, EventName.updateCompleted])
    }

    @Test("a rebooted server registers itself once maintenanced reports it offline")
    func rebootRegisters() {
        var server = SimulatedServer(plan: ServerPlan(id: "server-0001"), timing: Self.timing, seed: 1)
        _ = server.handle(request: Self.event(EventName.bmcPowerRequested, id: "r-1", ["action": "reboot", "requestId": "x", "sequence": 1]))
        var view = ServerView(id: "server-0001")
        let offline = Self.event(
            EventName.serverStatusChanged, id: "t-1",
            ["from": ["status": "Ready", "detail": "none"], "to": ["status": "Offline", "detail": "rebooting"], "trigger": "reboot"])
        view.apply(offline)
        #expect(server.observe(offline, view: view).map(\.event.type) == [EventName.serverRegistered])
        #expect(server.observe(offline, view: view).isEmpty, "registers once per boot")
    }

    @Test("the maintenance operator completes, or fails as planned; the claim owner approves once")
    func operators() {
        let plan = ServerPlan(
            id: "server-0001", claim: .needsApproval,
            maintenances: [MaintenancePlan(name: "a", type: "BIOSUpdate"), MaintenancePlan(name: "b", type: "Cleanup", outcome: .fail)])
        var server = SimulatedServer(plan: plan, timing: Self.timing, seed: 1)
        #expect(server.handle(request: Self.event(EventName.maintenanceStartRequested, id: "1", ["namespace": "ops", "name": "a"])).map(\.event.type) == [EventName.maintenanceCompleted])
        let failed = server.handle(request: Self.event(EventName.maintenanceStartRequested, id: "2", ["namespace": "ops", "name": "b"]))
        #expect(failed.map(\.event.type) == [EventName.maintenanceFailed])
        #expect(server.handle(request: Self.event(EventName.maintenanceApprovalRequested, id: "3", ["namespace": "ops", "name": "a"])).count == 1)
        #expect(server.handle(request: Self.event(EventName.maintenanceApprovalRequested, id: "4", ["namespace": "ops", "name": "b"])).isEmpty)
    }

    @Test("the plan moves on: maintenances once the server is ready and at rest, the update once they are done")
    func stages() {
        let plan = ServerPlan(id: "server-0001", maintenances: [MaintenancePlan(name: "a", type: "Cleanup")])
        var server = SimulatedServer(plan: plan, timing: Self.timing, seed: 1)
        var view = ServerView(id: "server-0001")
        view.apply(Self.event(EventName.serverPowerChanged, id: "t-0", ["power": "on"]))
        let ready = Self.event(
            EventName.serverStatusChanged, id: "t-1",
            ["from": ["status": "Pending", "detail": "none"], "to": ["status": "Ready", "detail": "none"], "trigger": "configurationDone"])
        view.apply(ready)
        #expect(server.observe(ready, view: view).map(\.event.type) == [EventName.maintenanceRequested])
        #expect(server.stage == .maintaining)
        let done = Self.event(EventName.maintenanceStateChanged, id: "t-3", ["namespace": "ops", "name": "a", "from": "InMaintenance", "to": "Complete"])
        view.apply(done)
        #expect(server.observe(done, view: view).map(\.event.type) == [EventName.updateAvailable])
        #expect(server.stage == .updating)
    }
}
