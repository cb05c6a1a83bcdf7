/// A value held once and shared by every copy: a role's settings, the same for every server's
/// state. A state holds its settings as one reference instead of inline, so a million tracked
/// servers do not keep a million copies of them (BENCHMARKS.md, session 40: about a tenth of a
/// scheduler's state, more in the table that holds it). Immutable: a change is a new `SharedValue`.
public struct SharedValue<Value: Sendable & Hashable>: Sendable, Hashable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private let box: Box

    /// `value`, to be shared by copying this.
    public init(_ value: Value) { box = Box(value) }

    /// The value shared.
    public var value: Value { box.value }

    /// Equal when they share one value, or hold equal ones.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.box === rhs.box || lhs.box.value == rhs.box.value }

    public func hash(into hasher: inout Hasher) { hasher.combine(box.value) }
}
