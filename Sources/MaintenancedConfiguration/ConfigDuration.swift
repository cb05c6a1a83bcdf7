/// A span of time in the configuration, written with units: `250ms`, `30s`,
/// `5m`, `1h30m`, `2d`. Kept to the millisecond. Negative values parse (so that
/// validation can point at them) but no setting accepts them.
public struct ConfigDuration: Sendable, Hashable, Comparable, Decodable, CustomStringConvertible {
    /// The length in milliseconds.
    public var milliseconds: Int64

    /// A duration of `milliseconds`.
    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    /// `seconds` seconds.
    public static func seconds(_ seconds: Int64) -> ConfigDuration { ConfigDuration(milliseconds: seconds * 1000) }
    /// `minutes` minutes.
    public static func minutes(_ minutes: Int64) -> ConfigDuration { .seconds(minutes * 60) }
    /// `hours` hours.
    public static func hours(_ hours: Int64) -> ConfigDuration { .minutes(hours * 60) }

    /// As a Swift `Duration`.
    public var duration: Duration { .milliseconds(milliseconds) }

    /// Parses `1h30m`, `250ms`, `-5s`; nil when the text is not a duration.
    public init?(parsing text: String) {
        var rest = Substring(text.trimmingWhitespace())
        var sign: Int64 = 1
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        } else if rest.first == "+" {
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        var total: Int64 = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let value = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            let unit = rest.prefix { $0.isASCII && $0.isLetter }
            rest = rest.dropFirst(unit.count)
            let scale: Int64
            switch unit {
            case "ms": scale = 1
            case "s": scale = 1000
            case "m": scale = 60_000
            case "h": scale = 3_600_000
            case "d": scale = 86_400_000
            default: return nil
            }
            let (product, overflow) = value.multipliedReportingOverflow(by: scale)
            guard !overflow else { return nil }
            let (sum, overflowed) = total.addingReportingOverflow(product)
            guard !overflowed else { return nil }
            total = sum
        }
        self.milliseconds = sign * total
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = ConfigDuration(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a duration with units such as 250ms, 30s, 5m, 1h30m or 2d, found \"\(text)\""
            )
        }
        self = parsed
    }

    public static func < (lhs: ConfigDuration, rhs: ConfigDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }

    /// The shortest form with units: `1h30m`, `250ms`, `0s`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        for (unit, scale) in [("d", UInt64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] {
            if rest >= scale {
                text += "\(rest / scale)\(unit)"
                rest %= scale
            }
        }
        return text
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
