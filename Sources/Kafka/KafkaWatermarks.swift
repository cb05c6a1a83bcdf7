/// The low and high watermarks of a partition: its first offset and the offset after its last message.
public struct KafkaWatermarks: Sendable, Hashable {
    /// The oldest offset still in the partition.
    public var low: Int64
    /// The offset the next message will get; the partition is read through when a consumer reaches it.
    public var high: Int64
}
