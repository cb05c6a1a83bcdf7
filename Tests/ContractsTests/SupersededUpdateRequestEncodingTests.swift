import Contracts
import Foundation
import Lifecycle
import Testing

/// The power controller remembers the install a later install's start superseded
/// (`supersededUpdateRequest`, LaterInstallAttemptStartTests); its changelog value keeps it, and a
/// value written before the field existed restores with none.
@Suite("The power controller's superseded install survives its changelog, and older values restore without it")
struct SupersededUpdateRequestEncodingTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("written and read back; an older value (no field) restores with none, the running install kept")
    func roundTripAndOlderValue() throws {
        var power = PowerController()
        for input: PowerController.Input in [
            .registered, .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-1"),
            .updateStarted(cycleID: "update-1", requestID: "update-1-update-2"),
        ] {
            _ = try power.handle(input, at: Self.t0).get()
        }
        #expect(power.supersededUpdateRequest == "update-1-update-1")
        let written = String(decoding: try power.changelogValue(), as: UTF8.self)
        #expect(try PowerController(changelogValue: Array(written.utf8)) == power)

        let field = #""supersededUpdateRequest":"update-1-update-1","#
        #expect(written.contains(field))
        let old = try PowerController(changelogValue: Array(written.replacingOccurrences(of: field, with: "").utf8))
        #expect(old.supersededUpdateRequest == nil && old.updateRequest == "update-1-update-2" && old.condition == .updating)
    }
}
