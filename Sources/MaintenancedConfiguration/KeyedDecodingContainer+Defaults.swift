import Lifecycle

extension KeyedDecodingContainer {
    /// The value under `key`, or `fallback` when the key is absent.
    func decode<T: Decodable>(_ type: T.Type = T.self, forKey key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(type, forKey: key) ?? fallback
    }

    /// The decoder of the mapping under `key`; nil when the key is absent or null.
    func settingsDecoder(forKey key: Key) throws -> (any Decoder)? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try superDecoder(forKey: key)
    }

    /// `key`, or `deprecated` (its old name, still read) when only that is written.
    /// Both written is an error at the old one. (The loader warns of the old name:
    /// `ServiceConfiguration.deprecatedKeys`.)
    func key(_ key: Key, deprecated: Key) throws -> Key {
        guard contains(deprecated) else { return key }
        guard !contains(key) else {
            throw DecodingError.dataCorruptedError(
                forKey: deprecated, in: self,
                debugDescription: "\(deprecated.stringValue) is the old name of \(key.stringValue); set only \(key.stringValue)")
        }
        return deprecated
    }

    /// The span of time under `key` (`20m`), or `fallback` when the key is absent.
    func decodeTime(forKey key: Key, default fallback: Milliseconds) throws -> Milliseconds {
        try decodeIfPresent(ConfigDuration.self, forKey: key).map(Milliseconds.init) ?? fallback
    }

    /// The span of time under `key`, nil when it is null, or `fallback` when the key is absent.
    func decodeTime(forKey key: Key, default fallback: Milliseconds?) throws -> Milliseconds? {
        guard contains(key) else { return fallback }
        return try decodeIfPresent(ConfigDuration.self, forKey: key).map(Milliseconds.init)
    }

    /// The retry policy under `key` (`{timeout: 20m, attempts: 2}`); keys it leaves out keep `fallback`'s values.
    func decodePolicy(forKey key: Key, default fallback: RetryPolicy) throws -> RetryPolicy {
        guard contains(key) else { return fallback }
        let container = try nestedContainer(keyedBy: RetryPolicyKey.self, forKey: key)
        var policy = fallback
        policy.timeout = try container.decodeTime(forKey: .timeout, default: fallback.timeout)
        // Set as written, not through the initialiser (which raises it to 1), so that validation can point at it.
        policy.attempts = try container.decode(forKey: .attempts, default: fallback.attempts)
        return policy
    }

    /// The daily window under `key` (`{start: "22:00", length: 6h}`), nil when it is null, or `fallback` when the key is absent.
    func decodeWindow(forKey key: Key, default fallback: MaintenanceWindow?) throws -> MaintenanceWindow? {
        guard contains(key) else { return fallback }
        guard try !decodeNil(forKey: key) else { return nil }
        let container = try nestedContainer(keyedBy: WindowKey.self, forKey: key)
        return MaintenanceWindow(
            startMinute: try container.decode(TimeOfDay.self, forKey: .start).minute,
            length: Milliseconds(try container.decode(ConfigDuration.self, forKey: .length)))
    }
}

/// The keys of a retry policy.
enum RetryPolicyKey: String, CodingKey { case timeout, attempts }

/// The keys of a maintenance window.
enum WindowKey: String, CodingKey { case start, length }

/// A time of day, `HH:MM` (UTC).
struct TimeOfDay: Decodable {
    /// The minute of the day (0 ..< 1440).
    var minute: Int

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected HH:MM (UTC), found \"\(text)\"") }
        self.minute = hour * 60 + minute
    }

    /// `HH:MM`.
    static func text(_ minute: Int) -> String {
        let hour = minute / 60, rest = minute % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

extension Milliseconds {
    /// The span of a configured duration.
    init(_ duration: ConfigDuration) { self.init(duration.milliseconds) }
}

extension ConfigDuration {
    /// A span of the lifecycle core, as written in the configuration.
    init(_ span: Milliseconds) { self.init(milliseconds: span.value) }
}
