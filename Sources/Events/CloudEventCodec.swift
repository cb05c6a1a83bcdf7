/// Reads and writes CloudEvents on Kafka messages (CloudEvents Kafka protocol binding 1.0).
///
/// Output is always binary content mode: the attributes go into `ce_*` headers,
/// the data into the value as JSON, and `content-type` says so. Input may be in
/// binary or structured mode (`content-type: application/cloudevents+json`, or a
/// value that is a JSON object carrying `specversion` and no `ce_specversion` header).
/// Decoding never traps: anything it cannot take is an `EventDecodingError`.
public struct CloudEventCodec: Sendable {
    /// The largest message value accepted on input, in bytes.
    public var maxValueBytes: Int
    /// The deepest JSON nesting accepted in data.
    public var maxDepth: Int

    public init(maxValueBytes: Int = 1 << 20, maxDepth: Int = 32) {
        self.maxValueBytes = maxValueBytes
        self.maxDepth = maxDepth
    }

    static let headerPrefix = "ce_"
    static let structuredContentType = "application/cloudevents+json"
    static let jsonContentType = "application/json"

    // MARK: Output

    /// The binary-mode message for `event`, keyed by `key`. `formattedTime`, when given, is
    /// `event.time` already formatted (RFC 3339), for events that share a time.
    public func encode(_ event: CloudEvent, key: String, formattedTime: String? = nil) -> EventMessage {
        var headers: [EventHeader] = []
        headers.reserveCapacity(8)
        headers.append(EventHeader(name: "ce_specversion", string: CloudEvent.specVersion))
        headers.append(EventHeader(name: "ce_id", string: event.id))
        headers.append(EventHeader(name: "ce_source", string: event.source))
        headers.append(EventHeader(name: "ce_type", string: event.type))
        if let subject = event.subject { headers.append(EventHeader(name: "ce_subject", string: subject)) }
        if let time = event.time {
            headers.append(EventHeader(name: "ce_time", string: formattedTime ?? RFC3339.format(millisecondsSinceEpoch: time)))
        }
        if let schema = event.dataSchema { headers.append(EventHeader(name: "ce_dataschema", string: schema)) }
        for name in event.extensions.keys.sorted() {
            headers.append(EventHeader(name: Self.headerPrefix + name, string: event.extensions[name]!))
        }
        var value: [UInt8] = []
        if let data = event.data {
            headers.append(EventHeader(name: "content-type", string: event.dataContentType ?? Self.jsonContentType))
            value = JSONWriter.bytes(data)
        }
        return EventMessage(key: Array(key.utf8), value: value, headers: headers)
    }

    /// The structured-mode message for `event` (the whole event as one JSON object).
    /// The service never sends these; producers may, and tests use it.
    public func encodeStructured(_ event: CloudEvent, key: String) -> EventMessage {
        var object = JSONObject()
        object["specversion"] = .string(CloudEvent.specVersion)
        object["id"] = .string(event.id)
        object["source"] = .string(event.source)
        object["type"] = .string(event.type)
        if let subject = event.subject { object["subject"] = .string(subject) }
        if let time = event.time { object["time"] = .string(RFC3339.format(millisecondsSinceEpoch: time)) }
        if let schema = event.dataSchema { object["dataschema"] = .string(schema) }
        for name in event.extensions.keys.sorted() { object[name] = .string(event.extensions[name]!) }
        if let data = event.data {
            object["datacontenttype"] = .string(event.dataContentType ?? Self.jsonContentType)
            object["data"] = data
        }
        return EventMessage(
            key: Array(key.utf8),
            value: JSONWriter.bytes(.object(object)),
            headers: [EventHeader(name: "content-type", string: Self.structuredContentType)]
        )
    }

    // MARK: Input

    /// The event carried by a message, in either content mode.
    public func decode(_ message: EventMessage) throws(EventDecodingError) -> CloudEvent {
        do {
            return try message.value.withUnsafeBytes { (value) throws(EventDecodingError) -> CloudEvent in
                try decode(value: value, headers: message.headers)
            }
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw .notJSON(JSONError(.syntax, at: 0, "\(error)"))
        }
    }

    /// The event carried by a message value and headers, in either content mode.
    public func decode(value: UnsafeRawBufferPointer, headers: [EventHeader]) throws(EventDecodingError) -> CloudEvent {
        guard value.count <= maxValueBytes else { throw .tooLarge(size: value.count, limit: maxValueBytes) }
        var contentType: String?
        var binary = false
        for header in headers {
            if header.name.isASCIICaseInsensitiveEqual(to: "content-type") {
                guard let text = header.stringValue else { throw .invalidUTF8(where: "header content-type") }
                contentType = text
            } else if header.name == "ce_specversion" {
                binary = true
            }
        }
        let media = contentType.map(Self.mediaType)
        if media == Self.structuredContentType {
            return try decodeStructured(value)
        }
        if binary { return try decodeBinary(value: value, headers: headers, contentType: contentType, mediaType: media) }
        return try decodeStructured(value)
    }

    /// The media type of a content type, lower-cased, without parameters or surrounding blanks.
    static func mediaType(_ contentType: String) -> String {
        var utf8 = Substring(contentType).utf8
        if let semicolon = utf8.firstIndex(of: UInt8(ascii: ";")) { utf8 = utf8[..<semicolon] }
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8.removeFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8.removeLast() }
        if !utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(Substring(utf8)) }
        return String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    private static func isJSON(mediaType media: String) -> Bool {
        media == Self.jsonContentType || media.hasSuffix("+json") || media == "text/json"
    }

    private func parseJSON(_ value: UnsafeRawBufferPointer) throws(EventDecodingError) -> JSONValue {
        do {
            return try JSONParser(maxDepth: maxDepth).parse(value)
        } catch {
            throw .notJSON(error)
        }
    }

    private func decodeBinary(
        value: UnsafeRawBufferPointer,
        headers: [EventHeader],
        contentType: String?,
        mediaType: String?
    ) throws(EventDecodingError) -> CloudEvent {
        var attributes = Attributes()
        for header in headers where header.name.hasPrefix(Self.headerPrefix) {
            // Each value is validated as UTF-8 once, here; known names go to their field uncopied.
            guard let text = header.stringValue else { throw .invalidUTF8(where: "header \(header.name)") }
            try attributes.set(header.name.dropFirst(Self.headerPrefix.count), to: text, repeated: "appears in more than one header")
        }
        var data: JSONValue?
        if !value.isEmpty {
            if let contentType, let mediaType, !Self.isJSON(mediaType: mediaType) { throw .unsupportedContentType(contentType) }
            data = try parseJSON(value)
        }
        return try makeEvent(attributes: attributes, contentType: contentType, data: data)
    }

    private func decodeStructured(_ value: UnsafeRawBufferPointer) throws(EventDecodingError) -> CloudEvent {
        let document = try parseJSON(value)
        guard case .object(let object) = document else {
            throw .invalidAttribute(name: "specversion", reason: "cannot be read: a structured event must be a JSON object")
        }
        var attributes = Attributes()
        var contentType: String?
        var data: JSONValue?
        for member in object.members {
            switch member.key {
            case "data": data = member.value
            case "data_base64": throw .unsupportedContentType("data_base64 (binary data)")
            case "datacontenttype":
                guard case .string(let text) = member.value else {
                    throw .invalidAttribute(name: "datacontenttype", reason: "must be a string")
                }
                contentType = text
            default:
                let text: String
                switch member.value {
                case .string(let string): text = string
                case .bool(let flag): text = flag ? "true" : "false"
                case .int(let number): text = String(number)
                default: throw .invalidAttribute(name: member.key, reason: "must be a string, boolean or integer")
                }
                // The parser refuses duplicate members, so a repeat cannot come here.
                try attributes.set(Substring(member.key), to: text, repeated: "appears more than once")
            }
        }
        if let contentType, !Self.isJSON(mediaType: Self.mediaType(contentType)) { throw .unsupportedContentType(contentType) }
        return try makeEvent(attributes: attributes, contentType: contentType, data: data)
    }

    /// The context attributes of an event as read, before they are checked: the ones the
    /// specification names in fields, any other in `extensions`.
    struct Attributes {
        var specVersion: String?
        var id: String?
        var source: String?
        var type: String?
        var subject: String?
        var time: String?
        var dataSchema: String?
        var extensions: [String: String] = [:]

        /// Sets attribute `name` (without a header's `ce_` prefix); a second value is an error.
        mutating func set(_ name: Substring, to value: String, repeated: String) throws(EventDecodingError) {
            func once(_ field: inout String?) throws(EventDecodingError) {
                guard field == nil else { throw .invalidAttribute(name: String(name), reason: repeated) }
                field = value
            }
            switch name {
            case "specversion": try once(&specVersion)
            case "id": try once(&id)
            case "source": try once(&source)
            case "type": try once(&type)
            case "subject": try once(&subject)
            case "time": try once(&time)
            case "dataschema": try once(&dataSchema)
            default:
                guard extensions.updateValue(value, forKey: String(name)) == nil else {
                    throw .invalidAttribute(name: String(name), reason: repeated)
                }
            }
        }
    }

    private func makeEvent(
        attributes: Attributes,
        contentType: String?,
        data: JSONValue?
    ) throws(EventDecodingError) -> CloudEvent {
        func required(_ value: String?, _ name: String) throws(EventDecodingError) -> String {
            guard let value else { throw .missingAttribute(name) }
            guard !value.isEmpty else { throw .invalidAttribute(name: name, reason: "must not be empty") }
            return value
        }
        let version = try required(attributes.specVersion, "specversion")
        guard version == CloudEvent.specVersion else { throw .unsupportedSpecVersion(version) }
        let id = try required(attributes.id, "id")
        let source = try required(attributes.source, "source")
        let type = try required(attributes.type, "type")
        var time: Int64?
        if let text = attributes.time {
            guard let parsed = RFC3339.parse(text) else {
                throw .invalidAttribute(name: "time", reason: "is not an RFC 3339 timestamp: '\(text)'")
            }
            time = parsed
        }
        for name in attributes.extensions.keys where !Self.isValidExtensionName(name) {
            throw .invalidAttribute(name: name, reason: "is not a valid extension name (lower-case letters and digits)")
        }
        return CloudEvent(
            id: id,
            source: source,
            type: type,
            subject: attributes.subject,
            time: time,
            dataContentType: contentType,
            dataSchema: attributes.dataSchema,
            data: data,
            extensions: attributes.extensions
        )
    }

    static func isValidExtensionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
    }
}

extension String {
    /// Whether the text equals `other` ignoring ASCII case (`other` is lower-case ASCII).
    func isASCIICaseInsensitiveEqual(to other: StaticString) -> Bool {
        let bytes = UnsafeBufferPointer(start: other.utf8Start, count: other.utf8CodeUnitCount)
        guard utf8.count == bytes.count else { return false }
        return zip(utf8, bytes).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 }
    }
}
