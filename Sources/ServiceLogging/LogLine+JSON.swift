import Logging

extension LogLine {
    /// One JSON object on one line:
    /// `{"timestamp":…,"level":"info","label":…,"message":…,"role":…,"server_id":…,"event_id":…,"metadata":{…}}`.
    /// The fields of ``LogField/topLevel`` are lifted out of the metadata when
    /// present; the rest of the metadata is under `metadata`.
    func json() -> String {
        var out = "{"
        out += "\"timestamp\":" + JSONText.string(timestamp)
        out += ",\"level\":" + JSONText.string(level.rawValue)
        out += ",\"label\":" + JSONText.string(label)
        out += ",\"message\":" + JSONText.string(message)
        var rest = metadata
        for key in LogField.topLevel {
            if let value = rest.removeValue(forKey: key) {
                out += "," + JSONText.string(key) + ":" + JSONText.value(value)
            }
        }
        if let error {
            out += ",\"error\":" + JSONText.string(error)
        }
        if !rest.isEmpty {
            out += ",\"metadata\":" + JSONText.value(.dictionary(rest))
        }
        if level <= .debug {
            out += ",\"source\":" + JSONText.string("\(file):\(line)")
        }
        out += "}"
        return out
    }
}

/// JSON text without Foundation: strings are escaped so that a line never
/// breaks, whatever it holds. A JSON string is also a YAML double-quoted scalar.
public enum JSONText {
    /// Metadata as JSON: strings, arrays and objects (keys sorted).
    public static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            return string(text)
        case .stringConvertible(let convertible):
            return string(convertible.description)
        case .array(let elements):
            return "[" + elements.map { self.value($0) }.joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let entries = dictionary.keys.sorted().map { key in string(key) + ":" + self.value(dictionary[key]!) }
            return "{" + entries.joined(separator: ",") + "}"
        }
    }

    /// `text` as a quoted JSON string.
    public static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
