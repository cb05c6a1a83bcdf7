import Kafka
import Logging

extension RoleRunner {
    /// Reports a processed batch to the observer, and logs its dead letters and
    /// rejections with the server and event they concern.
    func report(_ report: BatchReport) {
        for incident in report.deadLetters {
            logger.warning("dead letter: \(incident.detail)", metadata: incident.metadata)
        }
        for incident in report.rejections {
            logger.info("transition rejected: \(incident.detail)", metadata: incident.metadata)
        }
        options.observer?.processed(report)
    }

    /// Reports lag and state size to `observer` every `sampleInterval` until cancelled.
    func sample(_ consumer: KafkaConsumer, to observer: any RoleObserver) async {
        while true {
            do { try await Task.sleep(for: observer.sampleInterval) } catch { return }
            let lag: [KafkaTopicPartition: Int64]
            do {
                lag = try await consumer.lag()
            } catch {
                logger.debug("consumer lag not sampled: \(error)")
                continue
            }
            observer.sampled(lag: lag, state: stateSize.withLock { $0 })
        }
    }
}
