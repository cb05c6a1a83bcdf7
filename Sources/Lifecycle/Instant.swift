/// A point in time: milliseconds since the Unix epoch.
///
/// The lifecycle core never reads a clock; the caller passes the time of the event
/// it is applying, so that replaying the same events decides timeouts the same way.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSinceEpoch: Int64

    /// Creates the instant `millisecondsSinceEpoch` milliseconds after the Unix epoch.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    /// The instant `span` later (saturating, never traps).
    public static func + (lhs: Instant, rhs: Milliseconds) -> Instant {
        let (sum, overflow) = lhs.millisecondsSinceEpoch.addingReportingOverflow(rhs.value)
        return Instant(millisecondsSinceEpoch: overflow ? Int64.max : sum)
    }

    public var description: String { "@\(millisecondsSinceEpoch)ms" }
}

/// A length of time in milliseconds, the core's own simple stand-in for `Duration`.
public struct Milliseconds: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in milliseconds.
    public var value: Int64

    /// Creates a span of `value` milliseconds.
    public init(_ value: Int64) { self.value = value }

    /// A span of whole seconds.
    public static func seconds(_ count: Int64) -> Milliseconds { Milliseconds(count * 1_000) }
    /// A span of whole minutes.
    public static func minutes(_ count: Int64) -> Milliseconds { Milliseconds(count * 60_000) }
    /// A span of whole hours.
    public static func hours(_ count: Int64) -> Milliseconds { Milliseconds(count * 3_600_000) }

    public static func < (lhs: Milliseconds, rhs: Milliseconds) -> Bool { lhs.value < rhs.value }

    public var description: String { "\(value)ms" }
}
