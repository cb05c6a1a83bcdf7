@testable import Processor
import Testing

@Suite("Ticks of a newly assigned partition wait for its backlog")
struct TickGateTests {
    static let start = ContinuousClock.now

    @Test("a new partition is held while it has a backlog or none is known, and ticks once caught up; others tick meanwhile")
    func heldUntilCaughtUp() {
        var gate = TickGate(maxHold: .seconds(30))
        gate.assigned(1, at: Self.start)
        gate.assigned(2, at: Self.start)
        var backlog: [Int32: Int64] = [1: 40]
        var round = gate.partitionsToTick(at: Self.start + .seconds(1)) { backlog[$0] }
        #expect(round.partitions.isEmpty)
        #expect(round.released.isEmpty)
        #expect(gate.isHolding)

        backlog[1] = 0
        round = gate.partitionsToTick(at: Self.start + .seconds(2)) { backlog[$0] }
        #expect(round.partitions == [1])
        #expect(round.released == [1: .caughtUp])

        // Once open, a partition ticks whatever its lag: steady traffic always has a little.
        backlog = [1: 5, 2: 0]
        round = gate.partitionsToTick(at: Self.start + .seconds(3)) { backlog[$0] }
        #expect(round.partitions == [1, 2])
        #expect(round.released == [2: .caughtUp])
        #expect(!gate.isHolding)
    }

    @Test("a partition that does not catch up ticks after the longest hold; a revoked one stops ticking, a reassigned one is held again")
    func heldTooLongAndReassigned() {
        var gate = TickGate(maxHold: .seconds(30))
        gate.assigned(3, at: Self.start)
        #expect(gate.partitionsToTick(at: Self.start + .seconds(29)) { _ in 1_000 }.partitions.isEmpty)
        let round = gate.partitionsToTick(at: Self.start + .seconds(30)) { _ in 1_000 }
        #expect(round.partitions == [3])
        #expect(round.released == [3: .heldTooLong])

        gate.revoked(3)
        #expect(gate.partitionsToTick(at: Self.start + .seconds(31)) { _ in 0 }.partitions.isEmpty)
        gate.assigned(3, at: Self.start + .seconds(40))
        #expect(gate.partitionsToTick(at: Self.start + .seconds(41)) { _ in nil }.partitions.isEmpty)
        #expect(gate.partitionsToTick(at: Self.start + .seconds(42)) { _ in 0 }.partitions == [3])
    }
}
