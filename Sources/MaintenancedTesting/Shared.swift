import Synchronization

/// A value shared between a test and what it calls (a handler, a task, another thread).
public final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    public init(_ value: Value) { storage = Mutex(value) }
    /// The value as it is now.
    public var value: Value { storage.withLock { $0 } }
    /// Changes the value under the lock and returns what `body` returns.
    public func update<R>(_ body: (inout Value) -> R) -> R { storage.withLock { body(&$0) } }
}
