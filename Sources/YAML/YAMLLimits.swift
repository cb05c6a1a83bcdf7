/// Bounds on what the parser accepts, so that hostile or broken input fails
/// with an error instead of exhausting the stack or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// The deepest nesting of sequences and mappings allowed, counting aliased
    /// nodes where they are used. Decoding recurses once per level.
    public var maxDepth: Int
    /// How many nodes all aliases together may stand for. An alias refers to a
    /// whole subtree; without a bound, a few nested aliases expand to billions
    /// of nodes ("billion laughs").
    public var maxAliasedNodes: Int

    public init(maxDepth: Int = 256, maxAliasedNodes: Int = 100_000) {
        self.maxDepth = maxDepth
        self.maxAliasedNodes = maxAliasedNodes
    }
}
