import CKafkaShims
import CRdKafka

/// Fault injection, for tests that check how clients behave when brokers misbehave.
extension EmbeddedKafkaCluster {
    /// Kafka protocol API keys used with the request-error injections.
    public enum APIKey: Int16, Sendable {
        case produce = 0, fetch = 1, listOffsets = 2, metadata = 3
        case offsetCommit = 8, offsetFetch = 9, findCoordinator = 10
        case joinGroup = 11, heartbeat = 12, leaveGroup = 13, syncGroup = 14
        case apiVersions = 18, initProducerId = 22
    }

    /// Takes broker `id` down: its connections close and new ones are refused until `setBrokerUp`.
    public func setBrokerDown(_ id: Int32) async throws(KafkaError) {
        try await command("setting broker \(id) down") { rd_kafka_mock_broker_set_down($0, id) }
    }

    /// Brings broker `id` back up, on the port it had.
    ///
    /// Down, the broker's port is free, and any socket on the machine may take it meanwhile (an
    /// outgoing connection's local port, another process's listener): librdkafka 2.0.2's mock
    /// then aborts the whole process when it cannot listen again (`rd_kafka_mock_broker_cmd`,
    /// "Failed to create mock broker listener"), as a CI run saw once with many processes about.
    /// So the port is waited for until a listener could bind it (up to `portWait`), and only then
    /// is the broker brought up; a port still held then is an error, not an abort.
    public func setBrokerUp(_ id: Int32, portWait: Duration = .seconds(60)) async throws(KafkaError) {
        let ports = bootstrapServers.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { UInt16($0) } }
        if id >= 1, Int(id) <= ports.count {
            let port = ports[Int(id) - 1]
            let deadline = ContinuousClock.now + portWait
            while ckafka_loopback_port_is_free(port) == 0 {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(code: -1, reason: "broker \(id)'s port \(port) is still held by another socket after \(portWait): not brought up")
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        try await command("setting broker \(id) up") { rd_kafka_mock_broker_set_up($0, id) }
    }

    /// Delays every response of broker `id` by `milliseconds`.
    public func setRoundTripTime(broker id: Int32, milliseconds: Int32) async throws(KafkaError) {
        try await command("setting the round-trip time of broker \(id)") { rd_kafka_mock_broker_set_rtt($0, id, milliseconds) }
    }

    /// Makes the next requests of type `api` (to any broker) fail, one per error code, in order.
    ///
    /// Codes are librdkafka's `rd_kafka_resp_err_t` values, e.g. `KafkaError.code` of a known error.
    public func pushRequestErrors(_ api: APIKey, errors: [Int32]) {
        let codes = errors.map { rd_kafka_resp_err_t($0) }
        codes.withUnsafeBufferPointer { buffer in
            rd_kafka_mock_push_request_errors_array(cluster, api.rawValue, buffer.count, buffer.baseAddress)
        }
    }

    /// Makes the next requests of type `api` to broker `id` fail with `error` after `roundTripMilliseconds` each.
    public func pushBrokerRequestErrors(
        broker id: Int32, _ api: APIKey, errors: [(code: Int32, roundTripMilliseconds: Int32)]
    ) throws(KafkaError) {
        for error in errors {
            let err = ckafka_mock_broker_push_request_error_rtt(
                UnsafeMutableRawPointer(cluster), id, api.rawValue, error.code, error.roundTripMilliseconds)
            try check(rd_kafka_resp_err_t(err), "pushing request errors on broker \(id)")
        }
    }

    /// Clears the request errors pushed for `api` that were not used yet.
    public func clearRequestErrors(_ api: APIKey) {
        rd_kafka_mock_clear_request_errors(cluster, api.rawValue)
    }

    /// Makes broker `id` the coordinator of consumer group `group`.
    public func setGroupCoordinator(_ group: String, broker id: Int32) async throws(KafkaError) {
        try await command("setting the coordinator of group \(group)") { rd_kafka_mock_coordinator_set($0, "group", group, id) }
    }

    /// Makes broker `id` the leader of `partition` of `topic`; `nil` leaves the partition without leader.
    public func setPartitionLeader(topic: String, partition: Int32, broker id: Int32?) async throws(KafkaError) {
        try await command("setting the leader of \(topic)[\(partition)]") { rd_kafka_mock_partition_set_leader($0, topic, partition, id ?? -1) }
    }
}
