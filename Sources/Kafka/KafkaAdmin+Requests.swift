import CRdKafka

extension KafkaAdmin {
    /// Every topic the cluster reports, with partitions and replicas, and how many brokers it
    /// reports, from one metadata request.
    ///
    /// Asks for all topics rather than by name, so that no broker auto-creates a topic
    /// just because it was looked at.
    func metadata(timeout: Duration) async throws(KafkaError) -> (brokers: Int, topics: [String: KafkaTopicDescription]) {
        let handle = UncheckedPointer(client.handle)
        return try await KafkaThread.runOnNewThread(name: "kafka-metadata") { () throws(KafkaError) in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            let err = rd_kafka_metadata(handle.pointer, 1, nil, &metadata, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw KafkaError(err, reason: "reading cluster metadata: \(String(cString: rd_kafka_err2str(err)))")
            }
            defer { rd_kafka_metadata_destroy(metadata) }
            var topics: [String: KafkaTopicDescription] = [:]
            for topic in UnsafeBufferPointer(start: metadata.pointee.topics, count: Int(metadata.pointee.topic_cnt)) {
                guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                let name = String(cString: topic.topic)
                let partitions = UnsafeBufferPointer(start: topic.partitions, count: Int(topic.partition_cnt)).map { partition in
                    KafkaTopicDescription.Partition(
                        id: partition.id,
                        leader: partition.leader,
                        replicas: Array(UnsafeBufferPointer(start: partition.replicas, count: Int(partition.replica_cnt))),
                        inSyncReplicas: Array(UnsafeBufferPointer(start: partition.isrs, count: Int(partition.isr_cnt)))
                    )
                }.sorted { $0.id < $1.id }
                topics[name] = KafkaTopicDescription(name: name, partitions: partitions)
            }
            return (Int(metadata.pointee.broker_cnt), topics)
        }
    }

    /// Fills in each description's configs with DescribeConfigs, or says why they are unavailable.
    func addingConfigs(
        to descriptions: [KafkaTopicDescription], timeout: Duration, only condition: Bool = true
    ) async throws(KafkaError) -> [KafkaTopicDescription] {
        guard condition, !descriptions.isEmpty, let queue = client.backgroundQueue else { return descriptions }
        guard features.describeConfigs else {
            return descriptions.map { description in
                var description = description
                description.configsUnavailableReason = "configs not read: \(features.note)"
                return description
            }
        }
        let handle = client.handle
        let names = descriptions.map(\.name)
        let result: Result<[String: [String: String]], KafkaError>
        do throws(KafkaError) {
            result = .success(try await BackgroundEvent.perform(start: { opaque in
                let options = adminOptions(handle, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, opaque: opaque, timeout: timeout)
                defer { rd_kafka_AdminOptions_destroy(options) }
                var resources = names.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
                defer { resources.forEach { rd_kafka_ConfigResource_destroy($0) } }
                rd_kafka_DescribeConfigs(handle, &resources, resources.count, options, queue)
                return nil
            }, read: Self.readDescribeConfigs))
        } catch {
            result = .failure(error)
        }
        switch result {
        case .success(let configs):
            return descriptions.map { description in
                var description = description
                description.configs = configs[description.name]
                if description.configs == nil { description.configsUnavailableReason = "the broker returned no configs for it" }
                return description
            }
        case .failure(let error):
            logger.debug("DescribeConfigs failed: \(error)")
            let reason = "DescribeConfigs failed: \(error.reason)"
            return descriptions.map { description in
                var description = description
                description.configsUnavailableReason = reason
                return description
            }
        }
    }

    @Sendable
    private static func readDescribeConfigs(_ event: OpaquePointer) -> Result<[String: [String: String]], KafkaError> {
        if let error = BackgroundEvent.error(of: event) { return .failure(error) }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            return .failure(KafkaError(RD_KAFKA_RESP_ERR__FAIL, reason: "unexpected event in answer to DescribeConfigs"))
        }
        var count = 0
        let resources = rd_kafka_DescribeConfigs_result_resources(result, &count)
        var configs: [String: [String: String]] = [:]
        for resource in UnsafeBufferPointer(start: resources, count: count) {
            let err = rd_kafka_ConfigResource_error(resource)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                let detail = rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) } ?? ""
                return .failure(KafkaError(err, reason: detail.isEmpty ? String(cString: rd_kafka_err2str(err)) : detail))
            }
            var entryCount = 0
            let entries = rd_kafka_ConfigResource_configs(resource, &entryCount)
            var values: [String: String] = [:]
            for entry in UnsafeBufferPointer(start: entries, count: entryCount) {
                guard let value = rd_kafka_ConfigEntry_value(entry) else { continue }
                values[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
            }
            configs[String(cString: rd_kafka_ConfigResource_name(resource))] = values
        }
        return .success(configs)
    }

    /// Sends CreateTopics for `specifications` and checks each topic's result.
    func create(_ specifications: [KafkaTopicSpecification], timeout: Duration) async throws(KafkaError) {
        guard let queue = client.backgroundQueue else { throw .closed("admin client") }
        guard features.createTopics else {
            throw KafkaError(
                RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
                reason: "cannot create topics \(specifications.map(\.name)): \(features.note)"
                    + " (the embedded cluster creates them with EmbeddedKafkaCluster.createTopic)")
        }
        let handle = client.handle
        try await BackgroundEvent.perform(start: { opaque -> KafkaError? in
            var topics: [OpaquePointer?] = []
            defer { topics.forEach { rd_kafka_NewTopic_destroy($0) } }
            var errstr = [CChar](repeating: 0, count: 512)
            for specification in specifications {
                guard let topic = rd_kafka_NewTopic_new(
                    specification.name, specification.partitions, specification.replicationFactor, &errstr, errstr.count)
                else {
                    return .invalidArgument("topic \(specification.name): \(String(cBuffer: errstr))")
                }
                topics.append(topic)
                for (key, value) in specification.configs {
                    let err = rd_kafka_NewTopic_set_config(topic, key, value)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaError(err, reason: "topic \(specification.name) config \(key)") }
                }
            }
            let options = adminOptions(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS, opaque: opaque, timeout: timeout)
            defer { rd_kafka_AdminOptions_destroy(options) }
            rd_kafka_CreateTopics(handle, &topics, topics.count, options, queue)
            return nil
        }, read: { event -> Result<Void, KafkaError> in
            if let error = BackgroundEvent.error(of: event) {
                var error = error
                error.reason = "CreateTopics for \(specifications.map(\.name)) failed: \(error.reason)"
                return .failure(error)
            }
            guard let result = rd_kafka_event_CreateTopics_result(event) else {
                return .failure(KafkaError(RD_KAFKA_RESP_ERR__FAIL, reason: "unexpected event in answer to CreateTopics"))
            }
            var count = 0
            let topics = rd_kafka_CreateTopics_result_topics(result, &count)
            for topic in UnsafeBufferPointer(start: topics, count: count) {
                let err = rd_kafka_topic_result_error(topic)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    let detail = rd_kafka_topic_result_error_string(topic).map { String(cString: $0) } ?? ""
                    return .failure(KafkaError(err, reason: "creating topic \(String(cString: rd_kafka_topic_result_name(topic))): \(detail)"))
                }
            }
            return .success(())
        })
    }
}

/// Admin options for one request: its result goes to `opaque`, and it may take `timeout`.
private func adminOptions(_ handle: OpaquePointer, _ operation: rd_kafka_admin_op_t, opaque: UnsafeMutableRawPointer, timeout: Duration) -> OpaquePointer {
    let options = rd_kafka_AdminOptions_new(handle, operation)!
    var errstr = [CChar](repeating: 0, count: 512)
    _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
    rd_kafka_AdminOptions_set_opaque(options, opaque)
    return options
}
