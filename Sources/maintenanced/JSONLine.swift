import Kafka

/// Renders a consumed message as one line of JSON, fields in a fixed order.
enum JSONLine {
    /// `{"topic":…,"partition":…,"offset":…,"key":…,"headers":[…],"value":…}`.
    static func render(_ message: KafkaMessage) -> String {
        let headers = message.headers.map { header in
            "{\"key\":\(quoted(header.key)),\"value\":\(header.stringValue.map(quoted) ?? "null")}"
        }
        return "{\"topic\":\(quoted(message.topic)),\"partition\":\(message.partition),\"offset\":\(message.offset),"
            + "\"key\":\(message.keyString.map(quoted) ?? "null"),\"headers\":[\(headers.joined(separator: ","))],"
            + "\"value\":\(message.valueString.map(quoted) ?? "null")}"
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
