import Testing
import Topics

@Suite("a topic declaration compared with the broker's topic, and the topics table") struct TopicSpecTests {
    let spec = TopicSpec(
        name: "a.b", description: "d", key: .server, partitions: 12, replicationFactor: 3,
        cleanupPolicy: .compactAndDelete, configs: ["retention.ms": "1000"],
        events: ["dev.maintenanced.a.b"], producers: ["p"], consumers: ["c"])

    @Test("a matching topic has no differences") func matchingTopicHasNoDifferences() {
        let observed = ObservedTopic(
            name: "a.b", partitions: 12, replicationFactor: 3,
            configs: ["retention.ms": "1000", "cleanup.policy": "delete,compact", "segment.ms": "1"])
        #expect(spec.differences(from: observed) == [])
    }

    @Test("differences are named") func differencesAreNamed() {
        let observed = ObservedTopic(name: "a.b", partitions: 6, replicationFactor: 1, configs: ["cleanup.policy": "delete"])
        #expect(spec.differences(from: observed) == [
            "partitions: declared 12, on the broker 6",
            "replication factor: declared 3, on the broker 1",
            "cleanup.policy: declared compact,delete, on the broker delete",
            "retention.ms: declared 1000, on the broker not set",
        ])
    }

    @Test("unknown configs are not compared") func unknownConfigsAreNotCompared() {
        let observed = ObservedTopic(name: "a.b", partitions: 12, replicationFactor: 3, configs: nil)
        #expect(spec.differences(from: observed) == [])
    }

    @Test("the topics table shows every declaration with the broker's status") func table() {
        let other = TopicSpec(
            name: "cluster.rollouts", description: "d", key: .cluster, partitions: 6, replicationFactor: 3,
            events: ["dev.maintenanced.rollout.requested", "dev.maintenanced.rollout.completed"],
            producers: ["p"], consumers: ["c"])
        let table = TopicTable(specs: [spec, other], brokerStatus: ["a.b": ["ok"], "cluster.rollouts": ["missing"]]).render()
        #expect(table == """
            NAME              PARTITIONS  RF  CLEANUP         KEY      EVENTS                              BROKER
            a.b               12          3   compact,delete  server   dev.maintenanced.a.b                ok
            cluster.rollouts  6           3   delete          cluster  dev.maintenanced.rollout.requested  missing
                                                                       dev.maintenanced.rollout.completed

            """)
    }
}
