import Contracts
import Foundation
import Lifecycle
import Testing

/// `watchedInstall` (the failure ended the watch of the server's own install, no cycle) is new in the
/// update orchestrator's failure. With it, an update announced starts its cycle at once; a failure written
/// before it restores as a cycle's failure, which keeps the announcement for after an operator retry, as
/// before the field (PROTOCOL §1).
@Suite("A failed watch written before watchedInstall restores as a cycle's failure (PROTOCOL §1)")
struct WatchedInstallBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("written and read back with the field; without it the update announced is kept for the retry")
    func olderValue() throws {
        var machine = UpdateOrchestrator(server: .ready)
        for input: UpdateOrchestrator.Input in [
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted)),
            .updateFailed(cycleID: nil, reason: "apt"), .updateFailed(cycleID: nil, reason: "apt"),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        #expect(machine.failure?.watchedInstall == true)
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        #expect(try UpdateOrchestrator(changelogValue: Array(written.utf8)) == machine)
        #expect(written.contains(#","watchedInstall":true"#))

        var current = machine
        let started = try current.handle(.updateAvailable, at: Self.t0).get()
        #expect(started.contains(.requestLease(requestID: "update-1-lease")) && current.failure == nil)

        let old = written.replacingOccurrences(of: #","watchedInstall":true"#, with: "")
        var restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        #expect(restored.failure != nil && restored.failure?.watchedInstall == nil)
        let kept = try restored.handle(.updateAvailable, at: Self.t0).get()
        #expect(kept.isEmpty && restored.updateState == .failed && restored.nextUpdateAnnounced)
    }
}
