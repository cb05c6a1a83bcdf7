import MaintenancedConfiguration
import YAML

extension FuzzTarget {
    /// Parses the input as a configuration file, decodes it strictly and validates it.
    static func runConfiguration(_ bytes: [UInt8]) {
        do {
            let node = try YAMLParser().parse(bytes: bytes, file: "fuzz.yaml")
            let configuration = try YAMLDecoder(rejectUnknownKeys: true)
                .decode(ServiceConfiguration.self, from: node, file: "fuzz.yaml")
            for problem in configuration.validationProblems(fileExists: { _ in false }) {
                precondition(!problem.message.isEmpty, "a validation problem without a message")
            }
        } catch {
            precondition(!error.description.isEmpty, "an error without a message")
        }
    }
}
