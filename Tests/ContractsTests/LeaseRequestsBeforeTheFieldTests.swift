import Contracts
import Foundation
import Lifecycle
import Testing

/// `leaseRequests` (how many lease requests the lease's cycle id has made) is new in the update orchestrator's
/// changelog value. A value written before it restores with the id its lease was asked with (`update-N-lease`);
/// the lease asked for again under the same cycle id (the server's own install after the cycle needs a reboot)
/// has an id of its own (`update-N-lease-2`), whether the value was written while the lease was held or after it
/// went back, so a late copy of the first grant is stale (PROTOCOL §2).
@Suite("A lease request written before leaseRequests keeps its id; the next request of the cycle id has its own (PROTOCOL §2)")
struct LeaseRequestsBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    private static func drive(_ machine: inout UpdateOrchestrator, _ inputs: [UpdateOrchestrator.Input]) throws -> [UpdateOrchestrator.Output] {
        var outputs: [UpdateOrchestrator.Output] = []
        for input in inputs { outputs += try machine.handle(input, at: t0).get() }
        return outputs
    }

    /// The value as a version before the field wrote it.
    private static func older(_ machine: UpdateOrchestrator) throws -> UpdateOrchestrator {
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        #expect(try UpdateOrchestrator(changelogValue: Array(written.utf8)) == machine)
        #expect(written.contains(#""leaseRequests":1"#))
        let old = written.replacingOccurrences(of: #","leaseRequests":1"#, with: "").replacingOccurrences(of: #""leaseRequests":1,"#, with: "")
        #expect(!old.contains("leaseRequests"))
        let restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        #expect(restored.leaseRequests == 0)
        return restored
    }

    private static let ownInstallNeedingReboot: [UpdateOrchestrator.Input] = [
        .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted)),
        .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true)),
    ]

    @Test("written while the lease is held: it is update-1-lease; asked for again after it went back: update-1-lease-2")
    func writtenWhileHeld() throws {
        var machine = UpdateOrchestrator(server: .ready)
        _ = try Self.drive(&machine, [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"),
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1")),
        ])
        var restored = try Self.older(machine)
        #expect(restored.lease == .held && restored.leaseRequestID == "update-1-lease")
        let ended = try Self.drive(&restored, [
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1")),
        ])
        #expect(ended.contains(.releaseLease(requestID: "update-1-lease")), "\(ended)")
        let asked = try Self.drive(&restored, Self.ownInstallNeedingReboot)
        #expect(asked.contains(.requestLease(requestID: "update-1-lease-2")), "\(asked)")
        guard case .failure(.stale) = restored.handle(.leaseGranted(requestID: "update-1-lease"), at: Self.t0) else {
            Issue.record("the grant of the lease given back was taken")
            return
        }
    }

    @Test("written after the cycle gave the lease back: the next request of the cycle id is update-1-lease-2")
    func writtenAfterRelease() throws {
        var machine = UpdateOrchestrator(server: .ready)
        _ = try Self.drive(&machine, [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"),
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1")),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1")),
        ])
        #expect(machine.lease == .none && machine.updateState == .upToDate)
        var restored = try Self.older(machine)
        let asked = try Self.drive(&restored, Self.ownInstallNeedingReboot)
        #expect(asked.contains(.requestLease(requestID: "update-1-lease-2")), "\(asked)")
        let granted = try Self.drive(&restored, [.leaseGranted(requestID: "update-1-lease-2")])
        #expect(granted.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-round-2-reboot"))), "\(granted)")
    }
}
