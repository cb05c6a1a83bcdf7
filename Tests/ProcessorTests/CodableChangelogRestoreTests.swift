import Contracts
import Events
import Lifecycle
import Processor
import Testing

/// Changelogs written before the hand-written state codec (JSON through Codable and
/// `JSONValueEncoder`) restore into the runtime unchanged.
@Suite("A changelog written through Codable before the hand-written codec still restores")
struct CodableChangelogRestoreTests {
    @Test("states restored from Codable-written changelog values equal the states that wrote them, and go on the same way")
    func codableValuesRestore() throws {
        var first = RoleEngineReplayTests.engine()
        _ = RoleEngineReplayTests.process(&first, 0..<4)
        let changelog = try first.takeChangelog()
        #expect(changelog.contains { $0.message.key == Array("server-1".utf8) })
        // The same records, the states' values as the Codable path wrote them (the checkpoint is no state).
        let old = try changelog.map { record in
            var record = record
            let value = record.message.value
            guard record.message.key != Array(RoleEngine.checkpointKey.utf8), !value.isEmpty else { return record }
            let state = try JSONValueDecoder().decode(MaintenanceScheduler.self, from: value)
            record.message.value = try JSONValueEncoder().encodeBytes(state)
            return record
        }
        var second = RoleEngineReplayTests.engine()
        try RoleEngineReplayTests.restore(&second, from: old)
        #expect(second.queryStates(MaintenanceScheduler.self) == first.queryStates(MaintenanceScheduler.self))
        #expect(RoleEngineReplayTests.process(&second, 4..<6) == RoleEngineReplayTests.process(&first, 4..<6))
    }
}
