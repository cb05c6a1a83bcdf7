import Contracts
import Events
import Lifecycle
import MaintenancedTesting
@testable import Processor
import Testing

/// The sequencer appends a round's copies and tick for a log partition as one record, a
/// bundle: its entries fold in order as the same records appended one by one would, a key
/// changed twice in one bundle takes both, and a replay applies nothing twice.
@Suite("Bundles fold as their entries one by one")
struct BundleFoldTests {
    typealias Fold = RoleLogFoldTests

    /// Both servers' events, two of server a in a row, and a tick that fires a's wait.
    static let entries: [RoleLog.Record] = {
        let topic = TopicName.serverLifecycle
        let events = [
            (EventName.serverRegistered, Fold.a), (EventName.serverConfigured, Fold.a), (EventName.serverRegistered, Fold.b),
            (EventName.serverHeartbeat, Fold.a), (EventName.serverConfigured, Fold.b),
        ]
        var records: [RoleLog.Record] = events.enumerated().map { offset, event in
            .event(topic: topic, partition: 3, offset: Int64(offset), message: Fold.event(event.0, event.1, ceTime: 0, id: "e\(offset)"), time: Fold.t0)
        }
        records.append(.tick(time: Fold.t0 + 700_000))
        return records
    }()

    static func bundle(_ records: some Sequence<RoleLog.Record>) -> EventMessage {
        var bundle = RoleLog.Bundle()
        for record in records { bundle.append(record) }
        return bundle.message
    }

    @Test("a bundle's entries give the outputs and states of the same records appended one by one; its ids are its own and unique")
    func sameAsOneByOne() throws {
        var bundled = Fold.engine()
        let together = bundled.process(Self.bundle(Self.entries), partition: 3, offset: 0)
        let togetherChangelog = try bundled.takeChangelog()
        var single = Fold.engine()
        var oneByOne: [OutgoingRecord] = []
        for (offset, entry) in Self.entries.enumerated() {
            oneByOne += single.process(Self.bundle([entry]), partition: 3, offset: Int64(offset))
        }
        let oneByOneChangelog = try single.takeChangelog()
        // Both configurations (a's after its registration in the same bundle) and a's wait firing.
        let offline = [Fold.a, Fold.b].sorted().map { "\($0) Offline/unresponsive" }
        #expect(Fold.statuses(together) == ["\(Fold.a) Pending/none", "\(Fold.a) Ready/none", "\(Fold.b) Pending/none", "\(Fold.b) Ready/none"] + offline)
        #expect(Fold.statuses(together) == Fold.statuses(oneByOne))
        #expect(together.count == oneByOne.count)
        // The states are the same; only the checkpoint's log offset differs (one record against six).
        var states = Fold.finalStates(togetherChangelog)
        var expected = Fold.finalStates(oneByOneChangelog)
        states[RoleEngine.checkpointKey] = nil
        expected[RoleEngine.checkpointKey] = nil
        #expect(!states.isEmpty)
        #expect(states == expected)
        let ids = together.compactMap { $0.message.header("ce_id") }
        #expect(Set(ids).count == ids.count, "every output of the bundle has its own id")
        // Folded again from scratch: the same outputs, byte for byte.
        var again = Fold.engine()
        #expect(again.process(Self.bundle(Self.entries), partition: 3, offset: 0) == together)
    }

    @Test("after a restore, the bundle folded again applies nothing, at its offset or appended again further on")
    func replayAppliesNothingTwice() throws {
        var first = Fold.engine()
        let outputs = first.process(Self.bundle(Self.entries), partition: 3, offset: 0)
        #expect(!outputs.isEmpty)
        var restored = Fold.engine()
        try Fold.restore(&restored, from: try first.takeChangelog())
        // The crash came before the commit: the log is folded again from the bundle.
        #expect(restored.process(Self.bundle(Self.entries), partition: 3, offset: 0).isEmpty)
        // A sequencer restarted before committing its sources appended the same copies again, grouped otherwise.
        #expect(restored.process(Self.bundle(Self.entries.prefix(2)), partition: 3, offset: 1).isEmpty)
        #expect(restored.process(Self.bundle(Self.entries.dropFirst(2).filter { if case .event = $0 { true } else { false } }), partition: 3, offset: 2).isEmpty)
    }

    @Test("a copy of a key restored at the bundle's offset is not applied again, while later entries of one bundle apply to a key changed by earlier ones")
    func positionsInsideABundle() throws {
        // Server a registered in a first bundle; its configuration and heartbeat come in the next, together.
        var engine = Fold.engine()
        _ = engine.process(Self.bundle(Self.entries.prefix(1)), partition: 3, offset: 0)
        let second = Self.bundle([Self.entries[1], Self.entries[3]])
        let outputs = engine.process(second, partition: 3, offset: 1)
        #expect(Fold.statuses(outputs) == ["\(Fold.a) Ready/none"])
        // The heartbeat after the configuration was applied too: the state took both.
        var reference = Fold.engine()
        _ = reference.process(Self.bundle(Self.entries.prefix(1)), partition: 3, offset: 0)
        _ = reference.process(Self.bundle([Self.entries[1]]), partition: 3, offset: 1)
        _ = reference.process(Self.bundle([Self.entries[3]]), partition: 3, offset: 2)
        var states = Fold.finalStates(try engine.takeChangelog())
        var expected = Fold.finalStates(try reference.takeChangelog())
        states[RoleEngine.checkpointKey] = nil
        expected[RoleEngine.checkpointKey] = nil
        #expect(states == expected)
    }

    @Test("a log with records written before bundles and bundles after them folds as one log")
    func unbundledThenBundled() throws {
        var mixed = Fold.engine()
        var outputs: [OutgoingRecord] = []
        // The first two as copies written before bundles, the rest as one bundle.
        for (offset, entry) in Self.entries.prefix(2).enumerated() {
            guard case let .event(topic, partition, source, message, time) = entry else { continue }
            outputs += mixed.process(RoleLog.copy(message, topic: topic, partition: partition, offset: source, time: time), partition: 3, offset: Int64(offset))
        }
        outputs += mixed.process(Self.bundle(Self.entries.dropFirst(2)), partition: 3, offset: 2)
        var bundled = Fold.engine()
        let expected = bundled.process(Self.bundle(Self.entries), partition: 3, offset: 0)
        #expect(Fold.statuses(outputs) == Fold.statuses(expected))
        // And a record that is neither goes to the dead-letter topic, named as such.
        let unreadable = mixed.process(EventMessage(key: nil, value: [1, 2, 3], headers: [MessageHeader(name: "mtd-bundle", string: "1")]), partition: 3, offset: 3)
        #expect(unreadable.map(\.topic) == [TopicName.deadLetter])
        #expect(unreadable.first?.message.header("dlq.reason") == "invalid-role-log")
    }
}
