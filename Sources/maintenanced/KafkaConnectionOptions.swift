import ArgumentParser
import Kafka

/// The options every Kafka tool takes: where the brokers are and any librdkafka property.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Bootstrap brokers, host:port[,host:port…] (e.g. the `bootstrap=` line of `maintenanced broker`).")
    var brokers: String

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("A librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable). Secret values are never printed.", valueName: "name=value"))
    var properties: [String] = []

    @Flag(name: .shortAndLong, help: "Log at debug level (add -X debug=broker,cgrp,… for librdkafka's own debug contexts).")
    var verbose = false

    func validate() throws {
        try KafkaPropertyArguments.check(properties)
    }

    /// The configuration these options describe, with `defaults` where the user set nothing.
    func configuration(defaults: [String: String] = [:]) -> KafkaConfiguration {
        KafkaPropertyArguments.apply(properties, to: KafkaConfiguration(bootstrapServers: brokers, defaults))
    }
}
