import Testing

@testable import Kafka

@Suite("The open-file limit an embedded cluster needs")
struct OpenFileLimitTests {
    @Test("a cluster does not start with fewer free descriptors than it needs; it does with enough, and under no limit")
    func shortage() throws {
        let limit = OpenFileLimit(soft: 1024, hard: 524_288)
        let needed = OpenFileLimit.neededToStart(brokers: 3)
        let message = try #require(OpenFileLimit.shortage(brokers: 3, limit: limit, open: 1024 - needed + 1))
        #expect(message.contains("\(1024 - needed + 1) of the process's limit of 1024 are open (hard limit 524288)"))
        #expect(message.contains("ulimit -n"))
        #expect(OpenFileLimit.shortage(brokers: 3, limit: limit, open: 1024 - needed) == nil)
        #expect(OpenFileLimit.shortage(brokers: 3, limit: OpenFileLimit(soft: .max, hard: .max), open: 1_000_000) == nil)
        #expect(OpenFileLimit.shortage(brokers: 3, limit: nil, open: 2000) == nil)
        #expect(OpenFileLimit.neededToStart(brokers: 3) > OpenFileLimit.neededToStart(brokers: 1))
    }

    @Test("this process's descriptors are counted as /proc/self/fd lists them, less the listing's own")
    func openDescriptors() throws {
        let before = try #require(OpenFileLimit.openDescriptors)
        #expect(before >= 3)
        // The raise ran for this process's first cluster, or runs now: soft is the hard limit after it.
        let raised = try #require(OpenFileLimit.raisedOnce)
        #expect(raised.after.soft == raised.after.hard)
        #expect(OpenFileLimit.current?.soft == raised.after.hard)
    }
}
