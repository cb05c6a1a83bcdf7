import Events
@testable import Processor
import Testing

@Suite("The fold cursor: own appends folded from memory, in log order")
struct FoldCursorTests {
    static func message(_ name: String) -> EventMessage {
        EventMessage(key: Array(name.utf8), value: [], headers: [])
    }

    static func names(_ records: [FoldCursor<EventMessage>.Record]) -> [String] {
        records.map { "\($0.partition)/\($0.offset)/\(String(decoding: $0.payload.key ?? [], as: UTF8.self))" }
    }

    @Test("appends that land where the fold stands are folded at once, and skipped when read back")
    func appendsAtThePosition() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(0, at: 5)
        let (records, fromMemory) = cursor.order(readBack: [], appended: [(0, 5, Self.message("a")), (0, 6, Self.message("b"))])
        #expect(Self.names(records) == ["0/5/a", "0/6/b"])
        #expect(fromMemory == 2)
        #expect(cursor.next[0] == 7)
        #expect(cursor.isFolded(0, offset: 6))
        #expect(!cursor.isFolded(0, offset: 7))
        let again = cursor.order(readBack: [(0, 5, Self.message("a")), (0, 6, Self.message("b"))], appended: [])
        #expect(again.records.isEmpty)
    }

    @Test("with the position not known, appends wait for the first record read back, then follow from memory")
    func unknownPosition() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(1, at: nil)
        let first = cursor.order(readBack: [], appended: [(1, 0, Self.message("a")), (1, 1, Self.message("b"))])
        #expect(first.records.isEmpty)
        let second = cursor.order(readBack: [(1, 0, Self.message("a"))], appended: [(1, 2, Self.message("c"))])
        #expect(Self.names(second.records) == ["1/0/a", "1/1/b", "1/2/c"])
        #expect(second.fromMemory == 2)
        let third = cursor.order(readBack: [(1, 1, Self.message("b")), (1, 2, Self.message("c"))], appended: [])
        #expect(third.records.isEmpty)
    }

    @Test("another writer's record between own appends is folded first, when read back; the appends after it follow from memory")
    func anotherWriterBetween() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(2, at: 10)
        // The other writer's record landed at 10; ours at 11 and 12.
        let first = cursor.order(readBack: [], appended: [(2, 11, Self.message("own-1")), (2, 12, Self.message("own-2"))])
        #expect(first.records.isEmpty)
        #expect(cursor.next[2] == 10)
        let second = cursor.order(readBack: [(2, 10, Self.message("other"))], appended: [])
        #expect(Self.names(second.records) == ["2/10/other", "2/11/own-1", "2/12/own-2"])
        #expect(second.fromMemory == 2)
    }

    @Test("appends to a partition another member owns (the update role's cluster.rollouts copies) are not kept: its owner folds them")
    func appendsToAPartitionNotOwned() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(0, at: 0)
        let appends = (0..<50).map { (Int32(3), Optional(Int64($0)), Self.message("rollout-\($0)")) }
        #expect(cursor.order(readBack: [], appended: appends).records.isEmpty)
        #expect(cursor.waitingCount == 0, "kept in memory, never folded here")
        // An owned partition's appends beyond the fold still wait.
        _ = cursor.order(readBack: [], appended: [(0, 2, Self.message("ahead"))])
        #expect(cursor.waitingCount == 1)
    }

    @Test("partitions are independent; a revoked partition forgets its position and waiting appends")
    func partitionsAndRevocation() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(0, at: 0)
        cursor.assigned(1, at: 3)
        let both = cursor.order(readBack: [], appended: [(1, 3, Self.message("x")), (0, 1, Self.message("later")), (0, 0, Self.message("first"))])
        #expect(Self.names(both.records) == ["1/3/x", "0/0/first", "0/1/later"])
        _ = cursor.order(readBack: [], appended: [(1, 5, Self.message("gap"))])
        cursor.revoked(1)
        #expect(cursor.next[1] == nil)
        cursor.assigned(1, at: 4)
        // The append at 5 was forgotten with the partition: the record at 4, read back, comes alone.
        let after = cursor.order(readBack: [(1, 4, Self.message("y"))], appended: [])
        #expect(Self.names(after.records) == ["1/4/y"])
    }

    @Test("a record read back past a gap drops waiting appends below it; appends with no known offset are left to be read back")
    func gapsAndUnknownOffsets() {
        var cursor = FoldCursor<EventMessage>()
        cursor.assigned(0, at: nil)
        _ = cursor.order(readBack: [], appended: [(0, 2, Self.message("stale")), (0, 9, Self.message("own")), (0, nil, Self.message("unknown"))])
        let read = cursor.order(readBack: [(0, 7, Self.message("read"))], appended: [])
        #expect(Self.names(read.records) == ["0/7/read"])
        let next = cursor.order(readBack: [(0, 8, Self.message("read-2"))], appended: [])
        #expect(Self.names(next.records) == ["0/8/read-2", "0/9/own"])
    }
}
