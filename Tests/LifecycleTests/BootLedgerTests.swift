import Testing

@testable import Lifecycle

/// The boots a server's signs of life named, as a value (`BootLedger`): which have ended, how many
/// came after a command's start, and that a power off or reset ends only the boot it began in.
@Suite("BootLedger: the boots seen, which have ended, and how many came after a start")
struct BootLedgerTests {
    @Test("a boot seen ends the one before; the last ends only when a power off or reset that began in it ends it")
    func endings() {
        var ledger = BootLedger()
        #expect(ledger.current == nil && ledger.endOf("b1") == nil)
        ledger.note("b1")
        ledger.note("b2")
        #expect(ledger.boots == ["b1", "b2"] && ledger.current == "b2")
        #expect(ledger.endOf("b1") == "boot b2 came after it")
        #expect(ledger.endOf("b2") == nil && ledger.endOf("b3") == nil)

        // A command that began in b1 ends nothing now: b2 came after it (its sign of life before the BMC's answer).
        ledger.end("b1")
        #expect(!ledger.lastEnded && ledger.current == "b2")
        ledger.end("b2")
        #expect(ledger.lastEnded && ledger.current == nil && ledger.last == "b2")
        #expect(ledger.endOf("b2") == "a power off or reboot ended it")

        // The next boot is current again.
        ledger.note("b3")
        #expect(!ledger.lastEnded && ledger.current == "b3" && ledger.endOf("b2") == "boot b3 came after it")
    }

    @Test("boots after a start: counted from the start's place, every boot when the start is unknown")
    func countAfter() {
        var ledger = BootLedger()
        for boot in ["b1", "b2", "b3", "b4"] { ledger.note(boot) }
        #expect(ledger.count(after: "b1") == 3)
        #expect(ledger.count(after: "b3") == 1)
        #expect(ledger.count(after: "b4") == 0)
        #expect(ledger.count(after: nil) == 4)
        #expect(ledger.count(after: "gone") == 4)
    }

    @Test("noting the last again changes nothing; a boot seen before moves to the end; at most `memory` are kept")
    func noteAndMemory() {
        var ledger = BootLedger()
        ledger.note("b1")
        ledger.note("b1")
        #expect(ledger.boots == ["b1"])
        ledger.note("b2")
        ledger.note("b1")
        #expect(ledger.boots == ["b2", "b1"])
        for boot in 3...12 { ledger.note("b\(boot)") }
        #expect(ledger.boots.count == BootLedger.memory && ledger.boots.first == "b5" && ledger.last == "b12")
    }

    @Test("a ledger without boots has none ended, whatever it was given")
    func emptyNotEnded() {
        #expect(!BootLedger(boots: [], lastEnded: true).lastEnded)
        #expect(BootLedger(boots: ["b1"], lastEnded: true).current == nil)
    }
}
