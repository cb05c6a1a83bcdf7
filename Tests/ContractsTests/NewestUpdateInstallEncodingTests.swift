import Contracts
import Foundation
import Lifecycle
import Testing

/// The power controller keeps the newest install whose start it took (`newestUpdateCycle`,
/// `newestUpdateRequest`; LateUpdateStartOfEarlierCycleTests, LaterInstallAttemptStartTests): its
/// changelog value keeps it. Values written before it restore: one of the build that kept the
/// install a later start superseded (`supersededUpdateRequest`) keeps that install known, so a copy
/// of its start stays stale, and one written before either takes the running install as the newest.
@Suite("The power controller's newest install survives its changelog, and older values restore")
struct NewestUpdateInstallEncodingTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    private static func superseding() throws -> PowerController {
        var power = PowerController()
        for input: PowerController.Input in [
            .registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-1"),
            .updateStarted(cycleID: "update-1", requestID: "update-1-update-2"),
        ] {
            _ = try power.handle(input, at: Self.t0).get()
        }
        return power
    }

    @Test("written and read back")
    func roundTrip() throws {
        let power = try Self.superseding()
        #expect(power.newestUpdateCycle == "update-1" && power.newestUpdateRequest == "update-1-update-2")
        let written = String(decoding: try power.changelogValue(), as: UTF8.self)
        #expect(written.contains(#","newestUpdateCycle":"update-1","newestUpdateRequest":"update-1-update-2"}"#))
        #expect(try PowerController(changelogValue: Array(written.utf8)) == power)
    }

    @Test("a value of the build that kept the superseded install restores; copies of both starts are stale")
    func supersededValue() throws {
        let power = try Self.superseding()
        let written = String(decoding: try power.changelogValue(), as: UTF8.self)
        let newest = #","newestUpdateCycle":"update-1","newestUpdateRequest":"update-1-update-2""#
        let old = written.replacingOccurrences(of: newest, with: #","supersededUpdateRequest":"update-1-update-1""#)
        #expect(old != written)
        var restored = try PowerController(changelogValue: Array(old.utf8))
        #expect(restored.install?.request == "update-1-update-2" && restored.condition == .updating)
        #expect(restored.newestUpdateRequest == "update-1-update-2")
        guard case .failure(.stale) = restored.handle(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"), at: Self.t0) else {
            Issue.record("a copy of the superseded start was taken after the restore")
            return
        }
        // The running attempt finishes; a copy of its start is stale too.
        _ = try restored.handle(.updateFinished(requiresReboot: false, cycleID: "update-1", requestID: "update-1-update-2"), at: Self.t0).get()
        guard case .failure(.stale) = restored.handle(.updateStarted(cycleID: "update-1", requestID: "update-1-update-2"), at: Self.t0) else {
            Issue.record("a copy of the finished attempt's start was taken")
            return
        }
    }

    @Test("a value written before either field restores, the running install taken as the newest")
    func olderValue() throws {
        let power = try Self.superseding()
        let written = String(decoding: try power.changelogValue(), as: UTF8.self)
        let old = written.replacingOccurrences(of: #","newestUpdateCycle":"update-1","newestUpdateRequest":"update-1-update-2""#, with: "")
        #expect(old != written)
        let restored = try PowerController(changelogValue: Array(old.utf8))
        #expect(restored.condition == .updating && restored.install?.cycle == "update-1" && restored.install?.request == "update-1-update-2")
        #expect(restored.newestUpdateCycle == "update-1" && restored.newestUpdateRequest == "update-1-update-2")
    }
}
