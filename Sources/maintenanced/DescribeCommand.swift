import ArgumentParser
import Lifecycle

/// `maintenanced describe`: prints the lifecycle state machines from the code's own
/// transition tables, so the documentation cannot drift from the behaviour.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print the lifecycle state machines, generated from their transition tables."
    )

    /// Print mermaid `stateDiagram-v2` blocks: the one format, and so the default; the flag
    /// stays so that scripts that name it keep working.
    @Flag(name: .long, help: "Print the state machines as mermaid state diagrams in markdown (the default, and so far the only format).")
    var mermaid = false

    func run() throws {
        print(LifecycleDiagrams.markdown, terminator: "")
    }
}
