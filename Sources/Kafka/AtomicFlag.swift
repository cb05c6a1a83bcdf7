import Synchronization

/// A boolean that one thread raises and others read, shareable by reference.
///
/// `Atomic` cannot be captured by a closure; the loops on dedicated threads need
/// their stop flag in a class.
final class AtomicFlag: Sendable {
    private let value = Atomic(false)

    /// Whether the flag is raised.
    var isRaised: Bool { value.load(ordering: .acquiring) }

    /// Raises the flag; returns true if this call raised it.
    @discardableResult
    func raise() -> Bool {
        !value.exchange(true, ordering: .acquiringAndReleasing)
    }
}
