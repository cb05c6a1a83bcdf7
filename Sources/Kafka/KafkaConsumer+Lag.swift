import CRdKafka

extension KafkaConsumer {
    /// The consumer lag of each currently assigned partition: messages between
    /// where the group is (the consumer's position, or the committed offset
    /// before the first message) and the high watermark.
    ///
    /// Reads librdkafka's cached watermarks and positions (no request); only
    /// partitions that have not delivered a message yet cost one committed-offsets
    /// request, made on a thread of its own. Partitions not fetched yet are left out.
    public func lag() async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        let partitions = try assignment()
        guard !partitions.isEmpty else { return [:] }
        var high: [KafkaTopicPartition: Int64] = [:]
        var low: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            var lowOffset: Int64 = 0
            var highOffset: Int64 = 0
            let err = rd_kafka_get_watermark_offsets(client.handle, partition.topic, partition.partition, &lowOffset, &highOffset)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, highOffset >= 0 else { continue }
            high[partition] = highOffset
            low[partition] = max(lowOffset, 0)
        }
        let known = partitions.filter { high[$0] != nil }
        var from = try positions(of: known)
        let unknown = known.filter { from[$0] == nil }
        if !unknown.isEmpty {
            let committed = try await KafkaThread.runOnNewThread(name: "kafka-lag") { () throws(KafkaError) in
                try self.committedOffsets(for: unknown, timeout: .seconds(5))
            }
            for offset in committed {
                from[offset.topicPartition] = offset.offset.rawValue >= 0 ? offset.offset.rawValue : low[offset.topicPartition]
            }
        }
        var lag: [KafkaTopicPartition: Int64] = [:]
        for partition in known {
            guard let high = high[partition], let from = from[partition] else { continue }
            lag[partition] = max(high - from, 0)
        }
        return lag
    }

    /// The position (next offset to deliver) of each of `partitions` that has one: past the
    /// last message delivered, and past what the broker skipped after it (a gap left by
    /// compaction, a transaction's markers).
    public func positions(of partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try KafkaTopicPartition.withList(partitions) { list throws(KafkaError) in
            try check(rd_kafka_position(client.handle, list), "reading positions")
            var positions: [KafkaTopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                if element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 {
                    positions[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
                }
            }
            return positions
        }
    }
}
