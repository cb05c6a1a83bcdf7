import ArgumentParser
import Kafka

/// The `-X name=value` arguments of a command line: librdkafka properties, refused when the
/// arguments are checked (exit 64) if librdkafka does not know one or does not take its
/// value, rather than when the first client is made. A value is never repeated in the error:
/// a mistyped secret's name would print the secret.
enum KafkaPropertyArguments {
    /// Refuses the first of `arguments` that is not `name=value` or that librdkafka refuses.
    static func check(_ arguments: [String], option: String = "-X") throws {
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else {
                throw ValidationError("\(option) \(KafkaConfiguration.isSecret(key: argument) ? "***" : argument): expected name=value")
            }
            let name = String(argument[..<equals])
            if let problem = KafkaConfiguration.problem(setting: name, to: String(argument[argument.index(after: equals)...])) {
                throw ValidationError("\(option) \(name): \(problem)")
            }
        }
    }

    /// `configuration` with each `name=value` of `arguments` set over it, in order.
    static func apply(_ arguments: [String], to configuration: KafkaConfiguration) -> KafkaConfiguration {
        var configuration = configuration
        for argument in arguments {
            let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            configuration[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return configuration
    }
}
