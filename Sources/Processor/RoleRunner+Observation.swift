import Events
import Kafka
import Logging

extension RoleRunner {
    /// Reports a processed batch to the observer, and logs its dead letters and
    /// rejections with the server and event they concern.
    func report(
        _ folded: [(partition: Int32, offset: Int64, message: EventMessage)], outputs: [OutgoingRecord], changelog: [OutgoingRecord],
        waiting: Int, idleExpirations: Int, since started: ContinuousClock.Instant
    ) {
        // The role log's copies are reported as the events they copy, where they were consumed from.
        let inputs = folded.compactMap { record -> (topic: String, partition: Int32, offset: Int64, message: EventMessage)? in
            guard case let .event(topic, partition, offset, message, _)? = RoleLog.record(record.message) else { return nil }
            return (topic, partition, offset, message)
        }
        var report = BatchReport(inputs: inputs, outputs: outputs, changelog: changelog, duration: started.duration(to: .now))
        report.waiting = waiting
        report.idleExpirations = idleExpirations
        for incident in report.deadLetters {
            logger.warning("dead letter: \(incident.detail)", metadata: incident.metadata)
        }
        for incident in report.rejections {
            logger.info("transition rejected: \(incident.detail)", metadata: incident.metadata)
        }
        options.observer?.processed(report)
    }

    /// Reports lag and state size to `observer` every `sampleInterval` until cancelled.
    func sample(_ consumer: KafkaConsumer, to observer: any RoleObserver) async throws {
        while true {
            try await Task.sleep(for: observer.sampleInterval)
            let lag: [KafkaTopicPartition: Int64]
            do {
                lag = try await consumer.lag()
            } catch {
                logger.debug("consumer lag not sampled: \(error)")
                continue
            }
            observer.sampled(lag: lag, stateEntries: stateEntries.load(ordering: .relaxed))
        }
    }
}
