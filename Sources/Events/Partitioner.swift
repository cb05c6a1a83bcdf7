/// The partition of a key, as Kafka's Java client and librdkafka's
/// `murmur2_random` partitioner compute it.
///
/// Co-partitioning (docs/EVENTS.md) only holds if every producer maps a server id
/// to the same partition number on every topic. maintenanced's producers use
/// murmur2, the Java default, and its consumers check each keyed input against it,
/// so an event produced with another partitioner is set aside with a clear reason
/// instead of being applied to the wrong state.
public enum Partitioner {
    /// The partition of `key` among `partitionCount` partitions.
    public static func partition(of key: some Collection<UInt8>, count partitionCount: Int32) -> Int32 {
        precondition(partitionCount > 0, "a topic has at least one partition")
        let hash = murmur2(key) & 0x7FFF_FFFF
        return Int32(hash % UInt32(partitionCount))
    }

    /// The partition of a text key among `partitionCount` partitions.
    public static func partition(of key: String, count partitionCount: Int32) -> Int32 {
        partition(of: key.utf8, count: partitionCount)
    }

    /// Kafka's murmur2 (seed 0x9747b28c), over the key bytes.
    public static func murmur2(_ key: some Collection<UInt8>) -> UInt32 {
        let bytes = Array(key)
        let length = bytes.count
        let seed: UInt32 = 0x9747_B28C
        let m: UInt32 = 0x5BD1_E995
        let r: UInt32 = 24
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        let blocks = length / 4
        for block in 0..<blocks {
            let i = block * 4
            var k = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
            k &*= m
            k ^= k >> r
            k &*= m
            h &*= m
            h ^= k
        }
        let tail = blocks * 4
        switch length & 3 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h &*= m
        case 1:
            h ^= UInt32(bytes[tail])
            h &*= m
        default:
            break
        }
        h ^= h >> 13
        h &*= m
        h ^= h >> 15
        return h
    }
}
