import Lifecycle
import Testing

/// One named arrow of the cluster rollout.
struct RolloutRow: CustomTestStringConvertible, Sendable {
    let name: String
    let limit: Int
    let setup: [ClusterRollout.Input]
    let input: ClusterRollout.Input
    let from: RolloutPhase
    let to: RolloutPhase
    let emits: [ClusterRollout.Output]
    var testDescription: String { name }
}

private func request(_ member: String) -> ClusterRollout.Input { .request(member: member) }
private func release(_ member: String) -> ClusterRollout.Input { .release(member: member) }

let rolloutRows: [RolloutRow] = [
    RolloutRow(name: "Idle --request: granted--> Rolling", limit: 2, setup: [], input: request("a"), from: .idle, to: .rolling,
               emits: [.granted(member: "a")]),
    RolloutRow(name: "Idle --request: granted--> Full", limit: 1, setup: [], input: request("a"), from: .idle, to: .full,
               emits: [.granted(member: "a")]),
    RolloutRow(name: "Rolling --request: granted--> Rolling", limit: 3, setup: [request("a")], input: request("b"), from: .rolling,
               to: .rolling, emits: [.granted(member: "b")]),
    RolloutRow(name: "Rolling --request: granted--> Full", limit: 2, setup: [request("a")], input: request("b"), from: .rolling,
               to: .full, emits: [.granted(member: "b")]),
    RolloutRow(name: "Full --request: queued--> Full", limit: 1, setup: [request("a")], input: request("b"), from: .full, to: .full,
               emits: []),
    RolloutRow(name: "Rolling --release--> Idle", limit: 2, setup: [request("a")], input: release("a"), from: .rolling, to: .idle,
               emits: [.released(member: "a")]),
    RolloutRow(name: "Rolling --release--> Rolling", limit: 3, setup: [request("a"), request("b")], input: release("a"), from: .rolling,
               to: .rolling, emits: [.released(member: "a")]),
    RolloutRow(name: "Full --release: next granted--> Full", limit: 1, setup: [request("a"), request("b")], input: release("a"),
               from: .full, to: .full, emits: [.released(member: "a"), .granted(member: "b")]),
    RolloutRow(name: "Full --release--> Rolling", limit: 2, setup: [request("a"), request("b")], input: release("a"), from: .full,
               to: .rolling, emits: [.released(member: "a")]),
    RolloutRow(name: "Full --release--> Idle", limit: 1, setup: [request("a")], input: release("a"), from: .full, to: .idle,
               emits: [.released(member: "a")]),
    RolloutRow(name: "Idle --limit changed--> Idle", limit: 1, setup: [], input: .setMaxUnavailable(3), from: .idle, to: .idle, emits: []),
    RolloutRow(name: "Rolling --limit changed--> Rolling", limit: 3, setup: [request("a")], input: .setMaxUnavailable(4),
               from: .rolling, to: .rolling, emits: []),
    RolloutRow(name: "Rolling --limit lowered--> Full", limit: 3, setup: [request("a")], input: .setMaxUnavailable(1),
               from: .rolling, to: .full, emits: []),
    RolloutRow(name: "Full --limit changed--> Full", limit: 1, setup: [request("a"), request("b"), request("c")], input: .setMaxUnavailable(2),
               from: .full, to: .full, emits: [.granted(member: "b")]),
    RolloutRow(name: "Full --limit raised--> Rolling", limit: 1, setup: [request("a")], input: .setMaxUnavailable(2),
               from: .full, to: .rolling, emits: []),
]

@Suite("Cluster rollout")
struct ClusterRolloutTests {
    @Test("every arrow of the rollout table", arguments: rolloutRows)
    func arrow(_ row: RolloutRow) {
        var rollout = ClusterRollout(maxUnavailable: row.limit)
        rollout.drive(row.setup)
        #expect(rollout.phase == row.from)
        #expect(rollout.accept(row.input) == row.emits)
        #expect(rollout.phase == row.to)
    }

    @Test("the named rows cover exactly the arrows of the rollout table")
    func coverage() {
        let rows = Set(rolloutRows.map { "\($0.from) \(ClusterRollout.trigger(of: $0.input)) \($0.to)" })
        #expect(rows == Set(ClusterRollout.table.transitions.map { "\($0.from) \($0.trigger) \($0.to)" }))
    }

    @Test("duplicates, strangers and a limit below 1 are rejected")
    func rejections() {
        var rollout = ClusterRollout()
        #expect(rollout.reject(release("a")) == .stale("a holds no slot"))
        rollout.drive([request("a"), request("b")])
        #expect(rollout.reject(request("a")) == .duplicate("slot request of a"))
        #expect(rollout.reject(request("b")) == .duplicate("slot request of b"))
        #expect(rollout.reject(.setMaxUnavailable(0)) == .invalid("maxUnavailable 0 is below 1"))
        #expect(rollout.accept(release("b")) == [])
        #expect(rollout.queue.isEmpty)
    }

    @Test("slots are granted first come, first served")
    func fifo() {
        var rollout = ClusterRollout(maxUnavailable: 1)
        rollout.drive(["a", "b", "c", "d"].map(request))
        var order: [String] = ["a"]
        for _ in 0..<3 {
            for case let .granted(member, _) in rollout.accept(release(rollout.holders[0])) ?? [] { order.append(member) }
        }
        #expect(order == ["a", "b", "c", "d"])
    }
}
