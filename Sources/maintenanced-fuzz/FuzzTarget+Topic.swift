import Topics
import YAML

extension FuzzTarget {
    /// Parses the input as a topic declaration, decodes it strictly and validates it as a catalogue of one.
    static func runTopic(_ bytes: [UInt8]) {
        do {
            let node = try YAMLParser().parse(bytes: bytes, file: "fuzz.yaml")
            let spec = try YAMLDecoder(rejectUnknownKeys: true).decode(TopicSpec.self, from: node, file: "fuzz.yaml")
            let catalog = TopicCatalog(files: [TopicFile(path: "fuzz.yaml", node: node, spec: spec)])
            for problem in catalog.problems {
                precondition(!problem.description.isEmpty, "a catalogue problem without a message")
            }
        } catch {
            precondition(!error.description.isEmpty, "an error without a message")
        }
    }
}
