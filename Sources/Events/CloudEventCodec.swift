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
    private static let jsonContentTypeBytes = Array(jsonContentType.utf8)

    // MARK: Output

    /// The binary-mode message for `event`, keyed by `key`. `formattedTime`, when given, is
    /// `event.time` already formatted (RFC 3339), for events that share a time.
    public func encode(_ event: CloudEvent, key: String, formattedTime: String? = nil) -> EventMessage {
        var headers = MessageHeaders()
        let time = event.time.map { formattedTime ?? RFC3339.format(millisecondsSinceEpoch: $0) }
        let contentType = event.data == nil ? nil : event.dataContentType ?? Self.jsonContentType
        // One buffer for all of them: its size is known before the first is written.
        var bytes = CloudEvent.specVersion.utf8.count + event.id.utf8.count + event.source.utf8.count + event.type.utf8.count
            + (event.subject?.utf8.count ?? 0) + (time?.utf8.count ?? 0) + (event.dataSchema?.utf8.count ?? 0) + (contentType?.utf8.count ?? 0) + 80
        for (name, value) in event.extensions { bytes += name.utf8.count + value.utf8.count + 3 }
        headers.reserveCapacity(headers: 8 + event.extensions.count, bytes: bytes)
        headers.append(name: "ce_specversion", string: CloudEvent.specVersion)
        headers.append(name: "ce_id", string: event.id)
        headers.append(name: "ce_source", string: event.source)
        headers.append(name: "ce_type", string: event.type)
        if let subject = event.subject { headers.append(name: "ce_subject", string: subject) }
        if let time { headers.append(name: "ce_time", string: time) }
        if let schema = event.dataSchema { headers.append(name: "ce_dataschema", string: schema) }
        for name in event.extensions.keys.sorted() {
            headers.append(name: Self.headerPrefix + name, string: event.extensions[name]!)
        }
        var value: [UInt8] = []
        if let data = event.data {
            headers.append(name: "content-type", string: contentType ?? Self.jsonContentType)
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
            headers: [MessageHeader(name: "content-type", string: Self.structuredContentType)]
        )
    }

    // MARK: Input

    /// The event carried by a message, in either content mode.
    public func decode(_ message: EventMessage) throws(EventDecodingError) -> CloudEvent {
        try message.value.withBytesForDecoding({ (value) throws(EventDecodingError) in try decode(value: value, headers: message.headers) })
    }

    /// The event carried by a message value and headers, in either content mode.
    public func decode(value: UnsafeRawBufferPointer, headers: MessageHeaders) throws(EventDecodingError) -> CloudEvent {
        var (event, dataInValue) = try decodeAttributes(value: value, headers: headers)
        if dataInValue { event.data = try parseJSON(value) }
        return event
    }

    /// The event carried by a message with its data left as JSON bytes, for a reader that
    /// reads them against a schema (`EventSchema.read`) without a JSON tree: `event.data` is
    /// nil, and `data` is the message's value in binary mode, the document's `data` member
    /// written as JSON in structured mode, nil when the event has none.
    ///
    /// It fails as `decode` does, except for data that is not JSON in binary mode: that is
    /// the reader's to find.
    public func decodeEnvelope(_ message: EventMessage) throws(EventDecodingError) -> (event: CloudEvent, data: [UInt8]?) {
        var (event, dataInValue) = try message.value.withBytesForDecoding({ (value) throws(EventDecodingError) in
            try decodeAttributes(value: value, headers: message.headers)
        })
        if dataInValue { return (event, message.value) }
        let data = event.data.map(JSONWriter.bytes)
        event.data = nil
        return (event, data)
    }

    /// Whether `bytes` are a JSON document as the codec reads one (its depth limit); the
    /// error when not.
    public func checkJSON(_ bytes: [UInt8]) throws(EventDecodingError) {
        _ = try bytes.withBytesForDecoding({ (value) throws(EventDecodingError) in try parseJSON(value) })
    }

    /// The event's attributes, and in structured mode its data; `dataInValue` says that the
    /// value holds the data, still to be parsed (binary mode).
    private func decodeAttributes(
        value: UnsafeRawBufferPointer, headers: MessageHeaders
    ) throws(EventDecodingError) -> (event: CloudEvent, dataInValue: Bool) {
        guard value.count <= maxValueBytes else { throw .tooLarge(size: value.count, limit: maxValueBytes) }
        var contentType: String?
        var binary = false
        var invalidContentType = false
        headers.forEach { name, header in
            if Self.isContentType(name) {
                // The service's own content type is the shared literal: no String per event.
                if let header, Self.jsonContentTypeBytes.withUnsafeBytes({ MessageHeaders.equal($0, header) }) {
                    return contentType = Self.jsonContentType
                }
                guard let text = header.flatMap({ String(utf8: $0) }) else { return invalidContentType = true }
                contentType = text
            } else if name.count == 14, MessageHeaders.hasPrefix(name, "ce_specversion") {
                binary = true
            }
        }
        if invalidContentType { throw .invalidUTF8(where: "header content-type") }
        let media = contentType.map(Self.mediaType)
        if media == Self.structuredContentType || !binary {
            return (try decodeStructured(value), false)
        }
        return try decodeBinary(value: value, headers: headers, contentType: contentType, mediaType: media)
    }

    /// Whether a header name is `content-type`, in any case.
    private static func isContentType(_ name: UnsafeRawBufferPointer) -> Bool {
        let wanted = "content-type".utf8
        guard name.count == wanted.count else { return false }
        return zip(name, wanted).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0) == $1 }
    }

    /// The media type of a content type, lower-cased, without parameters or surrounding blanks.
    static func mediaType(_ contentType: String) -> String {
        if contentType == jsonContentType { return jsonContentType }
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
        headers: MessageHeaders,
        contentType: String?,
        mediaType: String?
    ) throws(EventDecodingError) -> (event: CloudEvent, dataInValue: Bool) {
        var attributes = Attributes()
        var failure: EventDecodingError?
        headers.forEach { name, header in
            guard failure == nil, MessageHeaders.hasPrefix(name, "ce_") else { return }
            // Each value is read once, in the headers' buffer: a known name is matched by its
            // bytes, a time parsed from them, any other value validated as UTF-8 into its field.
            let attribute = UnsafeRawBufferPointer(rebasing: name[3...])
            let known = Attributes.Name(attribute)
            do throws(EventDecodingError) {
                guard let header else { throw .invalidUTF8(where: "header \(String(decoding: name, as: UTF8.self))") }
                if known == .time, let milliseconds = RFC3339.parse(header) {
                    return try attributes.set(time: .milliseconds(milliseconds), repeated: "appears in more than one header")
                }
                guard let text = String(utf8: header) else { throw .invalidUTF8(where: "header \(String(decoding: name, as: UTF8.self))") }
                if let known {
                    try attributes.set(known, to: text, repeated: "appears in more than one header")
                } else {
                    // (An extension's name of up to 15 bytes is a String without an allocation.)
                    try attributes.set(extension: String(decoding: attribute, as: UTF8.self), to: text, repeated: "appears in more than one header")
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if !value.isEmpty, let contentType, let mediaType, !Self.isJSON(mediaType: mediaType) {
            throw .unsupportedContentType(contentType)
        }
        do {
            return (try makeEvent(attributes: attributes, contentType: contentType, data: nil), !value.isEmpty)
        } catch {
            // Data that is not JSON is named before the attributes' faults, as a reader of the
            // whole message finds it first.
            if !value.isEmpty { _ = try parseJSON(value) }
            throw error
        }
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
                if let known = Attributes.Name(rawValue: member.key) {
                    try attributes.set(known, to: text, repeated: "appears more than once")
                } else {
                    try attributes.set(extension: member.key, to: text, repeated: "appears more than once")
                }
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
        var time: Time?
        var dataSchema: String?
        var extensions: [String: String] = [:]

        /// A `time` as read: parsed, or the text that is not a timestamp (for the error).
        enum Time {
            case milliseconds(Int64)
            case text(String)
        }

        /// The attributes the specification names (without a header's `ce_` prefix).
        enum Name: String, CaseIterable {
            case specversion, id, source, type, subject, time, dataschema

            private static let spellings: [(name: Name, bytes: [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }

            /// The attribute spelled by `bytes`, or nil for an extension.
            init?(_ bytes: UnsafeRawBufferPointer) {
                for spelling in Self.spellings where spelling.bytes.count == bytes.count {
                    if spelling.bytes.withUnsafeBytes({ MessageHeaders.equal($0, bytes) }) {
                        self = spelling.name
                        return
                    }
                }
                return nil
            }
        }

        /// Sets attribute `name` to `value`; a second value is an error.
        mutating func set(_ name: Name, to value: String, repeated: String) throws(EventDecodingError) {
            func once(_ field: inout String?) throws(EventDecodingError) {
                guard field == nil else { throw .invalidAttribute(name: name.rawValue, reason: repeated) }
                field = value
            }
            switch name {
            case .specversion: try once(&specVersion)
            case .id: try once(&id)
            case .source: try once(&source)
            case .type: try once(&type)
            case .subject: try once(&subject)
            case .time: try set(time: RFC3339.parse(value).map(Time.milliseconds) ?? .text(value), repeated: repeated)
            case .dataschema: try once(&dataSchema)
            }
        }

        /// Sets the time; a second one is an error.
        mutating func set(time value: Time, repeated: String) throws(EventDecodingError) {
            guard time == nil else { throw .invalidAttribute(name: Name.time.rawValue, reason: repeated) }
            time = value
        }

        /// Sets extension attribute `name`; a second value is an error.
        mutating func set(extension name: String, to value: String, repeated: String) throws(EventDecodingError) {
            guard extensions.updateValue(value, forKey: name) == nil else { throw .invalidAttribute(name: name, reason: repeated) }
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
        switch attributes.time {
        case .milliseconds(let milliseconds): time = milliseconds
        case .text(let text): throw .invalidAttribute(name: "time", reason: "is not an RFC 3339 timestamp: '\(text)'")
        case nil: break
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
