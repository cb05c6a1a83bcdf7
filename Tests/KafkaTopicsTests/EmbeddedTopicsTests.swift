import Foundation
import Kafka
import KafkaTopics
import Logging
import Testing
import Topics

@Suite("Topics applied to the embedded cluster", .timeLimit(.minutes(1)))
struct EmbeddedTopicsTests {
    /// The repository's own topics/ directory.
    static let topicsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("topics").path

    static let logger: Logger = {
        var logger = Logger(label: "kafka-topics-tests")
        logger.logLevel = .warning
        return logger
    }()

    @Test("applying the shipped topics twice creates them once and then changes nothing")
    func applyTwiceIsANoOp() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Self.logger)
        let specs = try TopicCatalog.load(directory: Self.topicsDirectory).validSpecs()

        let first = try await cluster.applyTopics(directory: Self.topicsDirectory, logger: Self.logger)
        #expect(first.succeeded)
        #expect(Set(first.created) == Set(specs.map(\.name)))
        #expect(first.unchanged.isEmpty)

        let second = try await cluster.applyTopics(directory: Self.topicsDirectory, logger: Self.logger)
        #expect(second == TopicApplyResult(unchanged: specs.map(\.name)))

        let admin = try cluster.makeAdmin(logger: Self.logger)
        let described = try await admin.describeTopics(["server.lifecycle", "cluster.rollouts"])
        #expect(described.map(\.partitionCount) == [12, 6])
        #expect(described.map(\.replicationFactor) == [1, 1])
    }

    @Test("a topic that exists with another partition count is reported and nothing is created")
    func conflictIsReported() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Self.logger)
        try await cluster.createTopic("power.events", partitions: 3)

        let result = try await cluster.applyTopics(directory: Self.topicsDirectory, logger: Self.logger)
        #expect(!result.succeeded)
        #expect(result.created.isEmpty)
        #expect(result.lines == ["conflict power.events: differs: partitions: declared 12, on the broker 3"])

        let admin = try cluster.makeAdmin(logger: Self.logger)
        #expect(try await admin.listTopics() == ["power.events"])
    }

    @Test("replication is fitted to the embedded cluster's brokers")
    func replicationIsFitted() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2, logger: Self.logger)
        let spec = TopicSpec(
            name: "fitted", description: "d", key: .server, partitions: 4, replicationFactor: 3,
            configs: ["min.insync.replicas": "3"], events: ["dev.maintenanced.a.b"], producers: ["p"], consumers: ["c"])
        #expect(try await cluster.applyTopics([spec], logger: Self.logger) == TopicApplyResult(created: ["fitted"]))
        let status = try await TopicApplier(
            specs: [spec.withReplicationFactor(2)], cluster: EmbeddedTopicCluster(cluster: cluster, logger: Self.logger)
        ).status()
        #expect(status == [TopicStatus(name: "fitted", state: .matching, configsCompared: false)])
        // What `topics list` says of it with the declaration as written: fitted, not different.
        let declared = try await TopicApplier(specs: [spec], cluster: EmbeddedTopicCluster(cluster: cluster, logger: Self.logger)).status()
        #expect(declared.map(\.lines) == [["ok (configs not readable, not compared; replication factor 2, declared 3: the cluster has 2 brokers)"]])
    }

    @Test("invalid declarations are refused with every problem")
    func invalidDeclarationsAreRefused() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bad-topics-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "name: x\nkind: events\ndescription: d\nkey: server\npartitions: twelve\n".write(toFile: directory + "/x.yaml", atomically: true, encoding: .utf8)

        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: Self.logger)
        let error = try await #require(throws: TopicCatalogError.self) {
            try await cluster.applyTopics(directory: directory, logger: Self.logger)
        }
        #expect(error.problems.map(\.description) == [#"\#(directory)/x.yaml:5:13: at partitions: expected an integer, found "twelve""#])
    }
}
