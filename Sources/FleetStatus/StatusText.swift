import Events

/// How the status views write times and spans.
public enum StatusText {
    /// A span of milliseconds the way people read it: `45s`, `12m30s`, `3h05m`, `2d04h`.
    public static func span(_ milliseconds: Int64) -> String {
        let seconds = max(0, milliseconds) / 1000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + two(seconds % 60) + "s" }
        if seconds < 86_400 { return "\(seconds / 3600)h" + two(seconds / 60 % 60) + "m" }
        return "\(seconds / 86_400)d" + two(seconds / 3600 % 24) + "h"
    }

    /// An instant as RFC 3339 (UTC).
    public static func time(_ milliseconds: Int64) -> String { RFC3339.format(millisecondsSinceEpoch: milliseconds) }

    /// Parses a span like `90s`, `5m`, `2h` or `1500ms` into milliseconds; nil when malformed.
    public static func parseSpan(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy(\.isASCII), let value = Int64(number), value >= 0, value < Int64.max / factor else { continue }
            return value * factor
        }
        return nil
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
