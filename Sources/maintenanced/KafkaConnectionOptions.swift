import ArgumentParser
import Kafka
import MaintenancedConfiguration

/// The options every Kafka tool takes: where the brokers are and any librdkafka property.
///
/// They lie over the configuration's Kafka settings, the service's own (the file named by
/// `MAINTENANCED_CONFIG` and the `MAINTENANCED_*` variables): inside a pod of the service
/// (`kubectl exec … -- maintenanced request …`) a tool reaches the cluster as the service does,
/// its SASL and TLS settings and secrets included, without repeating them.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: """
            Bootstrap brokers, host:port[,host:port…] (e.g. the `bootstrap=` line of `maintenanced broker`; \
            default: the configuration's kafka.bootstrapServers, from $MAINTENANCED_CONFIG or \
            MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS).
            """)
    var brokers: String?

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp(
            "A librdkafka property over the configuration's, e.g. -X security.protocol=SASL_SSL (repeatable). Secret values are never printed.",
            valueName: "name=value"))
    var properties: [String] = []

    @Flag(name: .shortAndLong, help: "Log at debug level (add -X debug=broker,cgrp,… for librdkafka's own debug contexts).")
    var verbose = false

    func validate() throws {
        try KafkaPropertyArguments.check(properties)
    }

    /// The configuration's Kafka settings with `defaults` where neither it nor the options set
    /// a property, then `--brokers` and `-X` over them. Bad configuration exits 78; no brokers
    /// anywhere is a usage error (64).
    func configuration(defaults: [String: String] = [:]) throws -> KafkaConfiguration {
        try Self.configuration(brokers: brokers, properties: properties, defaults: defaults)
    }

    /// The configuration's Kafka settings with `defaults` under and `brokers` and `properties`
    /// (`-X name=value`) over them: what every tool that talks to Kafka connects with.
    static func configuration(brokers: String?, properties: [String], defaults: [String: String] = [:]) throws -> KafkaConfiguration {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader().load()
        } catch {
            throw CommandFailure(.configuration, lines: error.problems.map { "maintenanced: \($0)" })
        }
        var configuration = loaded.configuration.kafkaConfiguration
        for (key, value) in defaults { configuration = configuration.settingDefault(key, value) }
        if let brokers {
            configuration.bootstrapServers = brokers
        } else if !loaded.setsBootstrapServers {
            throw CommandFailure(
                .usage,
                "maintenanced: --brokers is required: no kafka.bootstrapServers in $MAINTENANCED_CONFIG's file or MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS")
        }
        return KafkaPropertyArguments.apply(properties, to: configuration)
    }
}
