/// What comparing and applying topic declarations needs from a Kafka cluster.
///
/// Kept apart from the Kafka client so that the logic is tested without a
/// broker, and so that the embedded mock cluster (which serves no CreateTopics)
/// can create topics its own way.
public protocol TopicCluster: Sendable {
    /// The topics among `names` that exist, as the cluster reports them;
    /// topics that do not exist are left out.
    func observedTopics(named names: [String]) async throws -> [String: ObservedTopic]

    /// Creates `specs`, none of which exists yet.
    func createTopics(_ specs: [TopicSpec]) async throws
}
