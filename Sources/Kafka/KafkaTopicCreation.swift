/// What `KafkaAdmin.createTopics` did for one topic.
public enum KafkaTopicCreation: Sendable, Hashable {
    /// The topic did not exist and was created.
    case created
    /// The topic existed with the same partitions, replication factor and requested configs.
    case alreadyExists
    /// The topic existed with the same partitions and replication factor; its configs could
    /// not be read, so the requested configs were not checked. The reason says why.
    case alreadyExistsConfigsUnverified(reason: String)
}
