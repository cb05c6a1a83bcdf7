import Events
import Kafka

/// Renders a consumed message as one line of JSON, fields in a fixed order.
enum JSONLine {
    /// `{"topic":…,"partition":…,"offset":…,"key":…,"headers":[…],"value":…}`.
    static func render(_ message: KafkaMessage) -> String {
        let headers: [JSONValue] = message.headers.map { header in
            ["key": .string(header.name), "value": header.value.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null]
        }
        let line: JSONValue = [
            "topic": .string(message.topic), "partition": .int(Int64(message.partition)), "offset": .int(message.offset),
            "key": message.keyString.map(JSONValue.string) ?? .null, "headers": .array(headers),
            "value": message.valueString.map(JSONValue.string) ?? .null,
        ]
        return JSONWriter.string(line)
    }
}
