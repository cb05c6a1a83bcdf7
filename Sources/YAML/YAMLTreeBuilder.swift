import JSON

/// Builds node trees from parser events without recursion, resolving aliases
/// and enforcing the depth and alias-expansion limits as the events arrive.
struct YAMLTreeBuilder {
    /// A sequence or mapping whose end has not been seen yet.
    private struct Frame {
        enum Kind { case sequence, mapping }
        var kind: Kind
        var mark: YAMLMark
        var tag: String?
        var anchor: String?
        /// Elements, or keys and values in turn.
        var children: [YAMLNode] = []
        /// Scalar keys seen so far, to reject duplicates.
        var keys: Set<String> = []
        /// How many nodes the subtree stands for, aliases expanded.
        var weight = 1
        /// How deep the subtree is, aliases expanded.
        var height = 1
    }

    /// A completed anchored node and its size, for aliases to it.
    private struct Anchored {
        var node: YAMLNode
        var weight: Int
        var height: Int
    }

    let limits: YAMLLimits
    let file: String?
    private var frames: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var aliasedNodes = 0
    private var root: YAMLNode?
    private(set) var documents: [YAMLNode] = []

    init(limits: YAMLLimits, file: String?) {
        self.limits = limits
        self.file = file
    }

    /// A new document begins; anchors do not carry over between documents.
    mutating func startDocument() {
        anchors = [:]
        root = nil
    }

    /// The document ends; an empty document is a null scalar.
    mutating func endDocument(mark: YAMLMark) {
        documents.append(root ?? .scalar(YAMLScalar("", mark: mark)))
        root = nil
    }

    mutating func scalar(_ scalar: YAMLScalar, anchor: String?) throws(YAMLError) {
        try complete(.scalar(scalar), anchor: anchor, weight: 1, height: 0)
    }

    mutating func startSequence(mark: YAMLMark, tag: String?, anchor: String?) throws(YAMLError) {
        try push(Frame(kind: .sequence, mark: mark, tag: tag, anchor: anchor))
    }

    mutating func startMapping(mark: YAMLMark, tag: String?, anchor: String?) throws(YAMLError) {
        try push(Frame(kind: .mapping, mark: mark, tag: tag, anchor: anchor))
    }

    /// The innermost open sequence or mapping ends.
    mutating func endCollection() throws(YAMLError) {
        let frame = frames.removeLast()
        let node: YAMLNode
        switch frame.kind {
        case .sequence:
            node = .sequence(YAMLSequence(frame.children, tag: frame.tag, mark: frame.mark))
        case .mapping:
            let entries = stride(from: 0, to: frame.children.count - 1, by: 2).map {
                YAMLMapping.Entry(key: frame.children[$0], value: frame.children[$0 + 1])
            }
            node = .mapping(YAMLMapping(entries, tag: frame.tag, mark: frame.mark))
        }
        try complete(node, anchor: frame.anchor, weight: frame.weight, height: frame.height)
    }

    /// An alias: the anchored node again, counted against the limits as if
    /// it were written out in full.
    mutating func alias(_ name: String, mark: YAMLMark) throws(YAMLError) {
        guard let anchored = anchors[name] else {
            throw YAMLError(.syntax("undefined alias \(JSONString.quoted(name))"), file: file, mark: mark, path: path)
        }
        guard frames.count + anchored.height <= limits.maxDepth else {
            throw YAMLError(
                .limitExceeded("alias \(JSONString.quoted(name)) nests deeper than \(limits.maxDepth) levels"),
                file: file, mark: mark, path: path)
        }
        aliasedNodes += anchored.weight
        guard aliasedNodes <= limits.maxAliasedNodes else {
            throw YAMLError(
                .limitExceeded("aliases expand to more than \(limits.maxAliasedNodes) nodes"),
                file: file, mark: mark, path: path)
        }
        try complete(anchored.node, anchor: nil, weight: anchored.weight, height: anchored.height)
    }

    /// The path of the node being read: the index or key of the open child in
    /// each open collection.
    private var path: YAMLPath {
        YAMLPath(frames.compactMap { frame in
            switch frame.kind {
            case .sequence:
                return .index(frame.children.count)
            case .mapping:
                guard !frame.children.count.isMultiple(of: 2), let key = frame.children.last?.scalar?.value else { return nil }
                return .key(key)
            }
        })
    }

    private mutating func push(_ frame: Frame) throws(YAMLError) {
        guard frames.count < limits.maxDepth else {
            throw YAMLError(
                .limitExceeded("nesting deeper than \(limits.maxDepth) levels"), file: file, mark: frame.mark,
                path: path)
        }
        frames.append(frame)
    }

    /// Adds a finished node to the open collection, or makes it the root.
    private mutating func complete(_ node: YAMLNode, anchor: String?, weight: Int, height: Int) throws(YAMLError) {
        if let anchor {
            anchors[anchor] = Anchored(node: node, weight: weight, height: height)
        }
        guard !frames.isEmpty else {
            root = node
            return
        }
        let last = frames.count - 1
        if frames[last].kind == .mapping, frames[last].children.count.isMultiple(of: 2), let key = node.scalar?.value {
            guard frames[last].keys.insert(key).inserted else {
                throw YAMLError(.duplicateKey(key), file: file, mark: node.mark, path: path.appending(.key(key)))
            }
        }
        frames[last].children.append(node)
        frames[last].weight += weight
        frames[last].height = max(frames[last].height, height + 1)
    }
}
