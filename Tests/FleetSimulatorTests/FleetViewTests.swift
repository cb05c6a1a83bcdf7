import Contracts
import Events
import Testing

@testable import FleetSimulator

@Suite("the fleet view and the scenario")
struct FleetViewTests {
    @Test("a redelivered transition is counted once")
    func dedupe() {
        var view = FleetView()
        let event = CloudEvent(
            id: "e-1", source: "/maintenanced/scheduler", type: EventName.serverOperationalStateChanged, subject: "s1", time: 0,
            dataContentType: "application/json", data: ["from": "Available", "to": "Maintenance"])
        #expect(view.apply(event)?.summary == "operational Available → Maintenance")
        #expect(view.apply(event) == nil)
        #expect(view.transitionCount == 1)
        #expect(view.redelivered == 1)
        #expect(view.servers["s1"]?.operationalState == "Maintenance")
        #expect(view.servers["s1"]?.transitions(by: "scheduler") == ["operational Available → Maintenance"])
    }

    @Test("the standard scenario is the same every time and covers every kind of server")
    func scenario() {
        let a = FleetScenario(servers: 200, clusters: 8)
        #expect(a == FleetScenario(servers: 200, clusters: 8))
        #expect(Set(a.servers.map(\.id)).count == 200)
        #expect(a.clusters.count == 8)
        #expect(a.servers.contains { $0.claim == .needsApproval } && a.servers.contains { $0.claim == .preapproved } && a.servers.contains { $0.claim == nil })
        let outcomes = Set(a.servers.flatMap { $0.maintenances.map(\.outcome) })
        #expect(outcomes == [.complete, .fail, .cancel])
        #expect(a.servers.contains { $0.updateRequiresReboot } && a.servers.contains { !$0.updateRequiresReboot })
        #expect(a.servers.contains { $0.updateDuringMaintenance } && a.servers.contains { $0.bmcFailures > 0 })
        #expect(a.servers.contains { $0.updateFailures > 0 })
    }

    @Test("timers go out earliest first, ties in the order they were set")
    func timers() {
        var queue = TimerQueue()
        for (index, due) in [30, 10, 20, 10, 5].enumerated() {
            queue.insert(Reaction(delay: 0, event: OutgoingEvent(EventName.serverHeartbeat, key: "s\(index)"), source: "/t"), due: Int64(due))
        }
        #expect(queue.popDue(at: 9).map(\.event.key) == ["s4"])
        #expect(queue.popDue(at: 25).map(\.event.key) == ["s1", "s3", "s2"])
        #expect(queue.nextDue == 30)
    }
}
