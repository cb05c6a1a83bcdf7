import Testing

@testable import Processor

/// A snapshot stands for a changelog partition's end only when the partition holds what the
/// restore read and this instance's writes since, nothing else.
@Suite("What a restored changelog partition holds")
struct ChangelogExtentTests {
    @Test("own writes after the restore's end count; none: the end is the restore's")
    func ownWrites() {
        var extent = ChangelogExtent(restoredEnd: 40)
        #expect(extent.holdsOnlyOwnWrites(end: 40))
        extent.wrote(at: [40, 41, 42])
        #expect(extent.holdsOnlyOwnWrites(end: 43))
        // Another writer's record (an expelled instance's) puts the end past them.
        #expect(!extent.holdsOnlyOwnWrites(end: 44))
    }

    @Test("a write in flight across a revocation that the restore already read counts once, not twice")
    func writeReadByTheRestore() {
        // The instance wrote at 39 while the partition was revoked and assigned back; the
        // restore read up to 40, that record included; its delivery was counted after.
        var extent = ChangelogExtent(restoredEnd: 40)
        extent.wrote(at: [39])
        #expect(extent.holdsOnlyOwnWrites(end: 40))
        extent.wrote(at: [40])
        #expect(extent.holdsOnlyOwnWrites(end: 41))
    }
}
