extension KafkaConfiguration {
    /// Properties only a consumer reads: a producer given them logs a warning for each.
    static let consumerOnlyProperties: Set<String> = [
        "group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
        "partition.assignment.strategy", "auto.offset.reset", "enable.auto.commit", "auto.commit.interval.ms",
        "enable.auto.offset.store", "enable.partition.eof", "isolation.level", "fetch.wait.max.ms", "fetch.min.bytes",
        "fetch.max.bytes", "fetch.message.max.bytes", "queued.min.messages", "queued.max.messages.kbytes", "check.crcs",
        "group.protocol.type", "coordinator.query.interval.ms", "offset.store.method",
        KafkaConfiguration.idlePauseProperty, KafkaConfiguration.idleProbeProperty,
    ]

    /// The same settings without the consumer-only properties, so that one
    /// configuration can serve a service's consumer and its producer.
    public var forProducer: KafkaConfiguration {
        var configuration = self
        for key in Self.consumerOnlyProperties { configuration[key] = nil }
        return configuration
    }
}
