/// A daily window (UTC) in which maintenances may start: `{start: "22:00", length: 6h}`.
public struct MaintenanceWindowSettings: Sendable, Hashable, Decodable {
    /// When the window opens, `HH:MM` in UTC.
    public var start: String
    /// How long it stays open (more than zero, at most a day).
    public var length: ConfigDuration

    /// A window opening at `start` (`HH:MM`, UTC) for `length`.
    public init(start: String, length: ConfigDuration) {
        self.start = start
        self.length = length
    }

    /// The minute of the day the window opens (0 ..< 1440), or nil when `start` is not `HH:MM`.
    public var startMinute: Int? {
        let parts = start.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case start, length }
}
