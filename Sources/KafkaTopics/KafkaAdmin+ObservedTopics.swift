import Kafka
import Topics

extension KafkaAdmin {
    /// The topics among `names` that exist, as the cluster reports them, for
    /// comparing with their declarations, each with the number of brokers the cluster
    /// reports. Configs are `nil` where the broker does not serve DescribeConfigs (the
    /// embedded mock).
    func observedTopics(named names: [String], timeout: Duration) async throws(KafkaError) -> [String: ObservedTopic] {
        let existing = Set(try await listTopics(timeout: timeout))
        let brokers = try await brokerCount(timeout: timeout)
        let descriptions = try await describeTopics(names.filter(existing.contains), timeout: timeout)
        var observed: [String: ObservedTopic] = [:]
        for description in descriptions {
            observed[description.name] = ObservedTopic(
                name: description.name,
                partitions: Int(description.partitionCount),
                replicationFactor: Int(description.replicationFactor),
                configs: description.configs,
                clusterBrokers: brokers)
        }
        return observed
    }
}
