import Contracts
import Events
import Testing

@testable import FleetSimulator

@Suite("what the demo shows")
struct FleetReportTests {
    static let scenario = FleetScenario(servers: [
        ServerPlan(id: "s1", maintenances: [MaintenancePlan(name: "a", type: "BIOSUpdate", outcome: .fail)]),
        ServerPlan(id: "s2", maintenances: [MaintenancePlan(name: "b", type: "Cleanup")]),
    ])

    static func progress(failing: String, unfinished: [String: SimulatedServer.Stage]) -> FleetSimulator.Progress {
        var view = FleetView()
        for (server, name) in [("s1", "a"), ("s2", "b")] {
            view.apply(
                CloudEvent(
                    id: "\(server)-1", source: "/maintenanced/scheduler", type: EventName.maintenanceStateChanged, subject: server, time: 0,
                    dataContentType: "application/json",
                    data: ["namespace": "ops", "name": .string(name), "from": "InMaintenance", "to": .string(server == failing ? "Failed" : "Complete")]))
        }
        return FleetSimulator.Progress(view: view, stages: [.done: 2], sent: 10, requests: 5, waiting: 0, unfinished: unfinished)
    }

    @Test("a failure the simulator planned is not unexpected; a run with every server done succeeds")
    func success() {
        let report = FleetReport(
            scenario: Self.scenario, progress: Self.progress(failing: "s1", unfinished: [:]), elapsed: 65, transitionsPerSecond: 3.4,
            sentPerSecond: 1, bootstrap: "127.0.0.1:1")
        #expect(report.unexpectedFailures.isEmpty)
        #expect(report.isSuccess)
        #expect(report.summary.contains("  finished:             2/2 up to date and out of maintenance"))
        #expect(report.summary.last?.hasPrefix("result: every server up to date") == true)
        #expect(report.plainLine.hasPrefix("[01:05] servers done 2/2 · maintenances queued="))
        #expect(report.liveFrame().contains { $0.hasPrefix("progress  [████████████████████████████████████████] 2/2") })
    }

    @Test("an unplanned failure and a stuck server make the run fail, and the summary names them")
    func failure() {
        let report = FleetReport(
            scenario: Self.scenario, progress: Self.progress(failing: "s2", unfinished: ["s2": .maintaining]), elapsed: 1,
            transitionsPerSecond: 0, sentPerSecond: 0, bootstrap: "127.0.0.1:1")
        #expect(report.unexpectedFailures == ["s2: maintenance ops/b failed"])
        #expect(!report.isSuccess)
        #expect(report.summary.contains("    s2: maintenance ops/b failed"))
        #expect(report.summary.contains { $0.hasPrefix("    s2 stuck maintaining") })
        #expect(report.summary.last == "result: NOT settled — 1 stuck, 1 unexpected failures")
    }

    @Test("the summary names what each stuck server waits for and since when; the live view points at the status page and get")
    func stuckDetails() {
        var report = FleetReport(
            scenario: Self.scenario, progress: Self.progress(failing: "s1", unfinished: ["s2": .updating]), elapsed: 1,
            transitionsPerSecond: 0, sentPerSecond: 0, bootstrap: "127.0.0.1:1")
        report.statusURL = "http://127.0.0.1:9/"
        report.stuckDetails = ["s2": "update waits for the OS updater's report since 2026-12-03T09:00:00.000Z (4m00s ago), attempt 1 of 2"]
        let stuck = report.summary.firstIndex { $0.hasPrefix("    s2 stuck updating") }
        #expect(stuck.map { report.summary[$0 + 1] } == "      update waits for the OS updater's report since 2026-12-03T09:00:00.000Z (4m00s ago), attempt 1 of 2")
        #expect(report.liveFrame().last == "status page http://127.0.0.1:9/ · maintenanced get servers --stuck --server http://127.0.0.1:9")
    }
}
