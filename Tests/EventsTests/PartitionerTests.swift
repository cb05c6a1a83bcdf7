import Testing

@testable import Events

@Suite("Partitioner")
struct PartitionerTests {
    // Kafka's own test vectors for Utils.murmur2 (as signed 32-bit integers).
    @Test(
        "murmur2 matches Kafka's Java client",
        arguments: [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ] as [(String, Int32)]
    )
    func murmur2(key: String, expected: Int32) {
        #expect(Int32(bitPattern: Partitioner.murmur2(Array(key.utf8))) == expected)
    }

    @Test("partitions are stable and in range")
    func partitions() {
        for index in 0..<1000 {
            let partition = Partitioner.partition(of: "server-\(index)", count: 12)
            #expect((0..<12).contains(partition))
            #expect(partition == Partitioner.partition(of: Array("server-\(index)".utf8), count: 12))
        }
    }
}
