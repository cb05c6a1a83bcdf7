/// A node of a rendered state diagram: a named state or a choice pseudo-state.
public struct DiagramNode: Hashable, Sendable {
    /// The mermaid id (e.g. `ServerReady`, `if_incus`).
    public var id: String
    /// The label shown (the seed's state name); nil for a choice.
    public var label: String?

    /// A named state.
    public static func state(_ id: String, _ label: String) -> DiagramNode { DiagramNode(id: id, label: label) }
    /// A choice pseudo-state (`<<choice>>`).
    public static func choice(_ id: String) -> DiagramNode { DiagramNode(id: id, label: nil) }
}
