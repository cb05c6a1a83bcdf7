import Kafka
import Logging

/// A logger for tests: warnings and worse, so failures show librdkafka's complaints.
let testLogger: Logger = {
    var logger = Logger(label: "kafka-tests")
    logger.logLevel = .warning
    return logger
}()

/// A name no other test uses, so tests can share nothing and run in parallel.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}

/// Consumer settings that make the mock's group joins and rebalances fast.
let fastGroupSettings: [String: String] = [
    "auto.offset.reset": "earliest",
    "session.timeout.ms": "6000",
    "heartbeat.interval.ms": "500",
    "topic.metadata.refresh.interval.ms": "1000",
]

extension KafkaConsumer {
    /// Reads batches until `count` messages arrived (storing their offsets), and returns them as copies.
    func collect(_ count: Int) async throws -> [ConsumedRecord] {
        var records: [ConsumedRecord] = []
        for try await batch in batches() {
            records.append(contentsOf: batch.map(ConsumedRecord.init))
            try store(batch)
            if records.count >= count { break }
        }
        return records
    }
}

/// A new embedded cluster with one new topic of `partitions` partitions.
func clusterWithTopic(_ prefix: String, partitions: Int32, brokers: Int = 1) async throws -> (EmbeddedKafkaCluster, String) {
    let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: testLogger)
    let topic = uniqueName(prefix)
    try await cluster.createTopic(topic, partitions: partitions)
    return (cluster, topic)
}

/// A producer of `cluster` that has delivered one message to `topic`, so it is connected and knows the topic.
func connectedProducer(_ cluster: EmbeddedKafkaCluster, topic: String, _ properties: [String: String] = [:]) async throws -> KafkaProducer {
    let producer = try KafkaProducer(configuration: cluster.configuration(properties), logger: testLogger)
    try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "warm", value: "up")))
    return producer
}
