import Testing

@testable import maintenanced

@Suite("the instance directory: who owns which partition of another role's state") struct InstanceDirectoryTests {
    typealias Entry = InstanceDirectory.Entry

    @Test("the newest claimant of a partition owns it; this instance's own record and records older than a minute (a killed instance's) name no one")
    func owners() {
        let now: Int64 = 1_000_000
        let entries = [
            Entry(instance: "me", http: "10.0.0.1:8080", time: now, partitions: ["scheduler.state": [0, 1]]),
            Entry(instance: "a", http: "10.0.0.2:8080", time: now - 5_000, partitions: ["scheduler.state": [1, 2], "power.state": [0]]),
            Entry(instance: "b", http: "10.0.0.3:8080", time: now - 1_000, partitions: ["scheduler.state": [2, 3]]),
            Entry(instance: "killed", http: "10.0.0.4:8080", time: now - 120_000, partitions: ["scheduler.state": [4]]),
        ]
        #expect(InstanceDirectory.owners(of: "scheduler.state", among: entries, except: "me", now: now) == ["10.0.0.2:8080": [1], "10.0.0.3:8080": [2, 3]])
        #expect(InstanceDirectory.owners(of: "power.state", among: entries, except: "me", now: now) == ["10.0.0.2:8080": [0]])
        // A minute without a refresh (every 10 s) is a dead instance: at 60 s it still counts.
        let edge = [Entry(instance: "slow", http: "10.0.0.5:8080", time: now - InstanceDirectory.staleAfter, partitions: ["scheduler.state": [4]])]
        #expect(InstanceDirectory.owners(of: "scheduler.state", among: edge, except: "me", now: now) == ["10.0.0.5:8080": [4]])
        #expect(InstanceDirectory.owners(of: "scheduler.state", among: edge, except: "me", now: now + 1).isEmpty)
    }
}
