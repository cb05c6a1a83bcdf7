import Contracts
import Foundation
import Lifecycle
import Testing

/// The power operation keeps the request id its BMC requests carry (`bmcRequestID`, the command's
/// requester and id); a value written before it existed restores with the command's id, which the
/// BMC requests of that operation carried, so their answers still count after an upgrade.
@Suite("The power operation's BMC request id survives its changelog, and older values restore with the command's id")
struct BMCRequestIDEncodingTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("written and read back; an older value (no field) restores with the command's id")
    func roundTripAndOlderValue() throws {
        var power = PowerController()
        for input: PowerController.Input in [
            .registered(), .configurationDone, .powerObserved(.off), .command(PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-2")),
        ] {
            _ = try power.handle(input, at: Self.t0).get()
        }
        #expect(power.operation?.bmcRequestID == "scheduler/maintenance-power-2")
        let written = String(decoding: try power.changelogValue(), as: UTF8.self)
        #expect(try PowerController(changelogValue: Array(written.utf8)) == power)

        let field = #","bmcRequestID":"scheduler/maintenance-power-2""#
        #expect(written.contains(field))
        var old = try PowerController(changelogValue: Array(written.replacingOccurrences(of: field, with: "").utf8))
        #expect(old.operation?.bmcRequestID == "maintenance-power-2")
        let outputs = try old.handle(.bmcSucceeded(requestID: "maintenance-power-2", sequence: 1), at: Self.t0).get()
        #expect(outputs.contains(.operationCompleted(PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-2"))))
    }
}
