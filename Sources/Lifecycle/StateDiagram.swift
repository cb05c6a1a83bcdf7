/// A state diagram ready to print as mermaid `stateDiagram-v2`, built from a
/// machine's transition table.
public struct StateDiagram: Sendable, Hashable {
    /// One arrow of the diagram; its label joins the labels of merged arrows with `|`.
    public struct Arrow: Sendable, Hashable {
        /// The id of the node the arrow leaves.
        public var from: String
        /// The id of the node the arrow reaches.
        public var to: String
        /// The label parts, without repeats; empty for an unlabelled arrow.
        public var labels: [String]
    }

    /// The diagram's title, printed as a mermaid front-matter title.
    public var title: String
    /// The id of the initial state, drawn with `[*] -->`; nil for none.
    public var initial: String?
    /// The nodes in first-use order.
    public private(set) var nodes: [DiagramNode] = []
    /// The arrows in first-use order.
    public private(set) var arrows: [Arrow] = []

    /// Creates an empty diagram.
    public init(title: String) { self.title = title }

    /// Adds a node unless it is already there.
    public mutating func add(node: DiagramNode) {
        if !nodes.contains(where: { $0.id == node.id }) { nodes.append(node) }
    }

    /// Adds an arrow, merging it into an arrow with the same ends.
    public mutating func add(from: String, to: String, label: String) {
        if let index = arrows.firstIndex(where: { $0.from == from && $0.to == to }) {
            if !label.isEmpty && !arrows[index].labels.contains(label) { arrows[index].labels.append(label) }
        } else {
            arrows.append(Arrow(from: from, to: to, labels: label.isEmpty ? [] : [label]))
        }
    }

    /// The diagram as a mermaid `stateDiagram-v2` block (without the code fence).
    public var mermaid: String {
        var lines = ["---", "title: \(title)", "---", "stateDiagram-v2"]
        for node in nodes {
            if let label = node.label {
                lines.append("state \"\(label)\" as \(node.id)")
            } else {
                lines.append("state \(node.id) <<choice>>")
            }
        }
        if let initial { lines.append("[*] --> \(initial)") }
        for arrow in arrows {
            let label = arrow.labels.joined(separator: "|")
            lines.append(label.isEmpty ? "\(arrow.from) --> \(arrow.to)" : "\(arrow.from) --> \(arrow.to): \(label)")
        }
        return lines.joined(separator: "\n")
    }
}
