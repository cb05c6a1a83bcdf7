/// A state that appears in a state diagram, with the id and label the seed uses.
public protocol DiagramState: Hashable, Sendable {
    /// The mermaid id of the state's node (e.g. `ServerReady`).
    var diagramNode: DiagramNode { get }
}
