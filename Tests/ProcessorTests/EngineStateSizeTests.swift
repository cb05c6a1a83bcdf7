import Contracts
import Events
import Processor
import Testing

/// The state-store gauges come from the engine itself: the bytes of each key's state as last
/// written to or read from its changelog, gone with its partition. (They were kept apart, by
/// the metrics observer, from the batches' changelog records: a batch reported after a
/// revocation counted the revoked keys again.)
@Suite("The engine's state size")
struct EngineStateSizeTests {
    /// The bytes of the newest state record of each key in `changelog`, checkpoints left out.
    static func stateBytes(_ changelog: [OutgoingRecord]) -> (entries: Int, bytes: Int) {
        let states = RoleLogFoldTests.finalStates(changelog).filter { !$0.key.hasPrefix("\u{0}") }
        return (states.count, states.values.reduce(0) { $0 + $1.count })
    }

    @Test("folded, restored, restored with a late older write, adopted and dropped: the size is the newest states' bytes")
    func sizeFollowsTheStates() throws {
        let records = RoleLogFoldTests.log().log[3]!
        var folded = RoleLogFoldTests.engine()
        let run = try RoleLogFoldTests.fold(&folded, records[...], from: 0)
        let expected = Self.stateBytes(run.changelog)
        #expect(expected.entries == 2 && expected.bytes > 0)
        // Written several times over (each step rewrote a key): the newest counts once.
        #expect(run.changelog.count > 2 * expected.entries)
        #expect(folded.stateSize == StateSize(entries: expected.entries, bytes: expected.bytes))

        var restored = RoleLogFoldTests.engine()
        try RoleLogFoldTests.restore(&restored, from: run.changelog)
        #expect(restored.stateSize == folded.stateSize)

        // A late write of an older state (an expelled instance's) is not taken, nor counted.
        let oldest = try #require(run.changelog.first { $0.message.key?.first != 0 })
        try RoleLogFoldTests.restore(&restored, from: [oldest])
        #expect(restored.stateSize == folded.stateSize)

        var adopting = RoleLogFoldTests.engine()
        adopting.adopt(partition: 3, from: restored)
        #expect(adopting.stateSize == folded.stateSize)

        restored.drop(partition: 3)
        #expect(restored.stateSize == StateSize())

        // Folding on from the adopted states: the size is that of the newest states written.
        let next = RoleLogFoldTests.event(EventName.serverHeartbeat, RoleLogFoldTests.a, ceTime: 0, id: "next")
        var log = RoleLogWriter(next: [3: Int64(records.count)])
        _ = log.fold(&adopting, next, topic: TopicName.serverLifecycle, partition: 3, offset: 100, time: RoleLogFoldTests.t0 + 3_000_000)
        let more = try adopting.takeChangelog()
        #expect(more.contains { $0.message.key == Array(RoleLogFoldTests.a.utf8) })
        let after = Self.stateBytes(run.changelog + more)
        #expect(adopting.stateSize == StateSize(entries: after.entries, bytes: after.bytes))
    }
}
