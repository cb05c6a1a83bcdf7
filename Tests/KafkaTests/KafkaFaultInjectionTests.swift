import Kafka
import MaintenancedTesting
import Testing

@Suite("Fault injection on the embedded cluster", .timeLimit(.minutes(1)))
struct KafkaFaultInjectionTests {
    @Test("messages sent while the broker is down are delivered once it is up again, exactly once each")
    func brokerDownThenUp() async throws {
        let (cluster, topic) = try await clusterWithTopic("faults", partitions: 2)
        let producer = try await connectedProducer(cluster, topic: topic)

        try await cluster.setBrokerDown(1)
        var last: KafkaProducer.DeliveryTicket?
        for index in 0..<50 {
            last = try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "v\(index)"))
        }
        let ticket = try #require(last)
        let delivered = Shared(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await producer.awaitDelivery(upTo: ticket)
                delivered.update { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(700))
            let deliveredEarly = delivered.value
            #expect(!deliveredEarly, "delivered while the only broker was down")
            try await cluster.setBrokerUp(1)
            try await group.waitForAll()
        }
        try await producer.close()

        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        try consumer.assign([0, 1].map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        let records = try await consumer.collect(51)
        try await consumer.close()
        #expect(records.count == 51)
        #expect(Set(records.compactMap(\.key)).count == 51)
    }

    @Test("retriable produce errors pushed on the broker are retried; a permanent one fails that message")
    func pushedRequestErrors() async throws {
        let (cluster, topic) = try await clusterWithTopic("errors", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic, ["retry.backoff.ms": "10"])

        // NOT_LEADER_FOR_PARTITION (6) and REQUEST_TIMED_OUT (7) are retriable.
        cluster.pushRequestErrors(.produce, errors: [6, 7])
        let retried = try await producer.send(KafkaProducerMessage(topic: topic, key: "a", value: "retried"))
        try await producer.awaitDelivery(of: retried)

        // MSG_SIZE_TOO_LARGE (10) is not.
        try cluster.pushBrokerRequestErrors(broker: 1, .produce, errors: [(code: 10, roundTripMilliseconds: 50)])
        let refused = try await producer.send(KafkaProducerMessage(topic: topic, key: "b", value: "refused"))
        let error = try await #require(throws: KafkaError.self) { try await producer.awaitDelivery(of: refused) }
        #expect(error.code == 10)
        #expect(error.name == "MSG_SIZE_TOO_LARGE")
        #expect(!error.isFatal)

        // The failure was reported once; later messages deliver normally.
        let after = try await producer.send(KafkaProducerMessage(topic: topic, key: "c", value: "after"))
        try await producer.awaitDelivery(upTo: after)
        try await producer.close()
    }

    @Test(
        "an idempotent producer with the embedded cluster's defaults loses nothing to produce requests that time out: every message reported delivered is in the log once"
    )
    func timedOutProduceRequestsLoseNothing() async throws {
        let (cluster, topic) = try await clusterWithTopic("timeouts", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic, ["enable.idempotence": "true", "linger.ms": "0", "retry.backoff.ms": "10"])
        var sent = 0
        for round in 0..<20 {
            // REQUEST_TIMED_OUT (7): the client cannot know whether the request was written.
            cluster.pushRequestErrors(.produce, errors: [7])
            var tickets: [KafkaProducer.DeliveryTicket] = []
            for index in 0..<50 {
                tickets.append(try await producer.send(KafkaProducerMessage(topic: topic, key: "r\(round)-\(index)", value: "v")))
            }
            try await producer.awaitDelivery(of: tickets)
            sent += tickets.count
        }
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        let end = try #require(try await producer.endOffsets(of: [partition], timeout: .seconds(5))[partition])
        try await producer.close()
        // The warm-up message and every one sent: none missing, none twice.
        #expect(end == Int64(sent + 1), "the log holds \(end) records for \(sent + 1) reported delivered")

        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        let keys = try await consumer.collect(Int(end)).compactMap(\.key).filter { $0 != "warm" }
        try await consumer.close()
        #expect(Set(keys).count == sent)
    }

    @Test("a slow broker (round-trip time) still delivers")
    func slowBroker() async throws {
        let (cluster, topic) = try await clusterWithTopic("slow", partitions: 1)
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 300)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        let clock = ContinuousClock()
        let start = clock.now
        try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "v")))
        #expect(clock.now - start >= .milliseconds(300))
        try await producer.close()
    }

    @Test("moving a partition's leader is seen in metadata, and a leaderless partition delivers once it has a leader again")
    func partitionLeaderChanges() async throws {
        let (cluster, topic) = try await clusterWithTopic("leader", partitions: 1, brokers: 3)
        let admin = try cluster.makeAdmin(logger: testLogger)
        try await cluster.setPartitionLeader(topic: topic, partition: 0, broker: 3)
        #expect(try await admin.describeTopics([topic]).first?.partitions.first?.leader == 3)

        let producer = try KafkaProducer(
            configuration: cluster.configuration(["topic.metadata.refresh.interval.ms": "200"]), logger: testLogger)
        try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "a", value: "on 3")))
        try await cluster.setPartitionLeader(topic: topic, partition: 0, broker: nil)
        let waiting = try await producer.send(KafkaProducerMessage(topic: topic, key: "b", value: "no leader"))
        try await Task.sleep(for: .milliseconds(300))
        try await cluster.setPartitionLeader(topic: topic, partition: 0, broker: 2)
        try await producer.awaitDelivery(of: waiting)
        #expect(try await admin.describeTopics([topic]).first?.partitions.first?.leader == 2)
        try await producer.close()
    }

    @Test("a wait for deliveries that cannot happen (broker down) ends when its task is cancelled")
    func cancelledWaitEnds() async throws {
        let (cluster, topic) = try await clusterWithTopic("cancel", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic)
        try await cluster.setBrokerDown(1)
        let ticket = try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "stuck"))
        let error = await withTaskGroup(of: KafkaError?.self) { group in
            group.addTask {
                do throws(KafkaError) {
                    try await producer.awaitDelivery(upTo: ticket)
                    return nil
                } catch {
                    return error
                }
            }
            try? await Task.sleep(for: .milliseconds(200))
            group.cancelAll()
            return await group.next() ?? nil
        }
        #expect(error?.name == "_INTR")
        try await cluster.setBrokerUp(1)
        try await producer.close()
    }
}

@Suite("Bounded commits", .timeLimit(.minutes(1)))
struct KafkaBoundedCommitTests {
    @Test("a commit the group does not answer in time returns false at the bound, and the offsets stay stored for the next commit")
    func commitThatIsNotAnsweredInTime() async throws {
        let (cluster, topic) = try await clusterWithTopic("commit", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic)
        try await producer.close()
        let group = uniqueName("commit")
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(["group.id": group, "enable.auto.commit": "false"]), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        let records = try await consumer.collect(1)
        #expect(records.count == 1)
        try consumer.store([KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset(1))])

        // The coordinator answers the next offset commit only after 10 s: a commit bounded at 300 ms
        // returns false (had it waited for the answer, it would have returned true).
        try cluster.pushBrokerRequestErrors(broker: 1, .offsetCommit, errors: [(code: 0, roundTripMilliseconds: 10_000)])
        let answered = try await consumer.commit(within: .milliseconds(300))
        #expect(!answered)

        // The offsets are still stored: the next commit sends them.
        let committed = try await consumer.commit(within: .seconds(20))
        #expect(committed)
        let offsets = try await consumer.committed(for: [KafkaTopicPartition(topic: topic, partition: 0)])
        #expect(offsets.map(\.offset.rawValue) == [1])
        try await consumer.close()
    }

    @Test("a cancelled commit stops waiting for the broker at once")
    func cancelledCommit() async throws {
        let (cluster, topic) = try await clusterWithTopic("cancel", partitions: 1)
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(["group.id": uniqueName("cancel"), "enable.auto.commit": "false"]), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        try consumer.store([KafkaPartitionOffset(topic: topic, partition: 0, offset: KafkaOffset(0))])
        // The answer (a success) would come after 15 s: the cancelled wait ends with _INTR instead.
        try cluster.pushBrokerRequestErrors(broker: 1, .offsetCommit, errors: [(code: 0, roundTripMilliseconds: 15_000)])
        let commit = Task { try await consumer.commit() }
        try await Task.sleep(for: .milliseconds(200))
        commit.cancel()
        let error = await #expect(throws: KafkaError.self) { try await commit.value }
        #expect(error?.name == "_INTR")
        try await consumer.close()
    }
}
