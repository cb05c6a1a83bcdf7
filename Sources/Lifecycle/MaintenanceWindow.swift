/// A daily window (UTC) in which maintenances may start.
public struct MaintenanceWindow: Sendable, Hashable {
    /// Minute of the day the window opens (0 ..< 1440, UTC).
    public var startMinute: Int
    /// How long it stays open (at most a day).
    public var length: Milliseconds

    /// Creates a window opening at `startMinute` for `length`.
    public init(startMinute: Int, length: Milliseconds) {
        self.startMinute = startMinute
        self.length = length
    }

    private static let day: Int64 = 86_400_000

    /// Milliseconds since the window last opened (0 ..< a day).
    private func sinceOpening(_ now: Instant) -> Int64 {
        let opens = Int64(startMinute) * 60_000
        return ((now.millisecondsSinceEpoch - opens) % Self.day + Self.day) % Self.day
    }

    /// Whether the window is open at `now` (decided by the event's time, so replay agrees).
    public func contains(_ now: Instant) -> Bool { sinceOpening(now) < length.value }

    /// The first instant at or after `now` at which the window is open.
    public func nextOpening(atOrAfter now: Instant) -> Instant {
        contains(now) ? now : now + Milliseconds(Self.day - sinceOpening(now))
    }
}
