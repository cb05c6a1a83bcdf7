/// A change of a group consumer's partitions, as passed to its rebalance hook.
///
/// The hook runs synchronously inside librdkafka's rebalance callback, on the
/// thread that polls: for `assigned`, before any message of those partitions is
/// returned (restore their state here); for `revoked`, before they are given
/// away (finish, store and commit here).
public enum KafkaRebalance: Sendable, Hashable {
    /// These partitions were assigned to this consumer.
    case assigned([KafkaTopicPartition])
    /// These partitions are being taken away from this consumer.
    case revoked([KafkaTopicPartition])

    /// The partitions concerned.
    public var partitions: [KafkaTopicPartition] {
        switch self {
        case .assigned(let partitions), .revoked(let partitions): partitions
        }
    }
}
