/// A daily window (UTC) in which maintenances may start.
public struct MaintenanceWindow: Sendable, Codable, Hashable {
    /// Minute of the day the window opens (0 ..< 1440, UTC).
    public var startMinute: Int
    /// How long it stays open (at most a day).
    public var length: Milliseconds

    /// Creates a window opening at `startMinute` for `length`.
    public init(startMinute: Int, length: Milliseconds) {
        self.startMinute = startMinute
        self.length = length
    }

    /// Whether the window is open at `now` (decided by the event's time, so replay agrees).
    public func contains(_ now: Instant) -> Bool {
        let day: Int64 = 86_400_000
        let timeOfDay = ((now.millisecondsSinceEpoch % day) + day) % day
        let opens = (Int64(startMinute) * 60_000 % day + day) % day
        let sinceOpening = ((timeOfDay - opens) % day + day) % day
        return sinceOpening < length.value
    }
}
