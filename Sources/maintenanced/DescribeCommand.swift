import ArgumentParser
import Lifecycle

/// `maintenanced describe`: prints the lifecycle state machines from the code's own
/// transition tables, so the documentation cannot drift from the behaviour.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print the lifecycle state machines, generated from their transition tables."
    )

    /// Print mermaid `stateDiagram-v2` blocks (the only format so far).
    @Flag(name: .long, help: "Print the state machines as mermaid state diagrams (markdown).")
    var mermaid = false

    func run() throws {
        guard mermaid else {
            throw ValidationError("Choose a format: --mermaid")
        }
        print(LifecycleDiagrams.markdown, terminator: "")
    }
}
