/// A message to produce: topic, optional partition, key, value and headers.
///
/// The key picks the partition (librdkafka's default partitioner) unless a partition
/// is given, so all messages of one key stay in order on one partition.
public struct KafkaProducerMessage: Sendable, Hashable {
    /// The topic to write to.
    public var topic: String
    /// An explicit partition, or `nil` to let the key choose.
    public var partition: Int32?
    /// The key bytes, or `nil` for an unkeyed message.
    public var key: [UInt8]?
    /// The value bytes, or `nil` for a tombstone (deletes the key in a compacted topic).
    public var value: [UInt8]?
    /// The headers, in order.
    public var headers: MessageHeaders

    /// Creates a message from bytes.
    public init(topic: String, partition: Int32? = nil, key: [UInt8]?, value: [UInt8]?, headers: MessageHeaders = []) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Creates a message whose key and value are UTF-8 strings.
    public init(topic: String, partition: Int32? = nil, key: String?, value: String?, headers: MessageHeaders = []) {
        self.init(
            topic: topic, partition: partition,
            key: key.map { Array($0.utf8) }, value: value.map { Array($0.utf8) }, headers: headers
        )
    }
}
