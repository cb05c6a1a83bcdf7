import Contracts
import Events

extension FuzzTarget {
    /// The input as a Kafka message. Framing, so that the fuzzer reaches keys
    /// and headers too: `key LF (name: value LF)* LF value`. Input without an
    /// empty line is a bare value with no headers (structured mode) keyed `server-1`.
    static func message(from bytes: [UInt8]) -> EventMessage {
        let newline = UInt8(ascii: "\n")
        var split: Int?
        for index in bytes.indices.dropLast() where bytes[index] == newline && bytes[index + 1] == newline {
            split = index
            break
        }
        guard let split else { return EventMessage(key: Array("server-1".utf8), value: bytes, headers: []) }
        let lines = bytes[..<split].split(separator: newline, omittingEmptySubsequences: false)
        var headers = MessageHeaders()
        for line in lines.dropFirst() {
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
            let name = String(decoding: line[..<colon], as: UTF8.self)
            var value = line[colon...].dropFirst()
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            headers.append(name: name, value: Array(value))
        }
        let key = lines.first.map(Array.init)
        return EventMessage(key: key?.isEmpty == true ? nil : key, value: Array(bytes[(split + 2)...]), headers: headers)
    }

    /// Decodes the message; an event that decodes must survive encoding and
    /// decoding again unchanged, and must pass or fail the contract checks cleanly.
    static func runCloudEvent(_ bytes: [UInt8]) {
        let message = message(from: bytes)
        let codec = CloudEventCodec(maxValueBytes: 1 << 16, maxDepth: 32)
        let event: CloudEvent
        do {
            event = try codec.decode(message)
        } catch {
            precondition(!error.description.isEmpty, "an error without a description")
            return
        }
        let key = message.key.map { String(decoding: $0, as: UTF8.self) } ?? ""
        for encoded in [codec.encode(event, key: key), codec.encodeStructured(event, key: key)] {
            let again: CloudEvent
            do {
                again = try codec.decode(encoded)
            } catch {
                preconditionFailure("an event the codec decoded does not decode after encoding: \(error)")
            }
            precondition(again.id == event.id && again.source == event.source && again.type == event.type, "attributes changed")
            precondition(again.subject == event.subject && again.time == event.time, "subject or time changed")
            precondition(again.extensions == event.extensions && again.dataSchema == event.dataSchema, "extensions changed")
            precondition(again.data.map(JSONWriter.bytes) == event.data.map(JSONWriter.bytes), "data changed")
        }
        let topic = EventCatalog.entry(for: event.type)?.topic ?? TopicName.serverLifecycle
        // The runner's path (attributes, then the data read against the schema in place) agrees
        // with checking the decoded event: the same data, or the same error.
        let inPlace = Result { () throws(EventDecodingError) in try InboundEvent(message: message, topic: topic, codec: codec) }
        do {
            let inbound = try InboundEvent(event: event, topic: topic, key: message.key)
            precondition(inbound.key == key, "the key changed")
            precondition((try? inPlace.get())?.data == inbound.data, "the data read in place differs: \(inPlace)")
        } catch {
            precondition(!error.description.isEmpty, "an error without a description")
            if case .failure(let other) = inPlace { precondition(other == error, "\(other) read in place, \(error) from the event") }
            else { preconditionFailure("read in place, \(error) from the event") }
        }
    }
}
