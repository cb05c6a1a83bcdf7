import CYAML

/// Parses YAML text into node trees with libyaml's event parser.
///
/// The tree is built without recursion, so nesting is bounded by
/// ``YAMLLimits/maxDepth`` rather than by the stack, and aliases are resolved
/// within ``YAMLLimits/maxAliasedNodes``. Duplicate keys are errors. Merge keys
/// (`<<`) are not expanded: they stay ordinary keys.
public struct YAMLParser: Sendable {
    /// The bounds the parser enforces.
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = YAMLLimits()) {
        self.limits = limits
    }

    /// Parses a stream that holds exactly one document; an empty stream is a
    /// null scalar. `file` only names the source in errors.
    public func parse(_ text: String, file: String? = nil) throws(YAMLError) -> YAMLNode {
        try single(parseDocuments(text, file: file), text: text, file: file)
    }

    /// Parses UTF-8 bytes that hold exactly one document.
    public func parse(bytes: [UInt8], file: String? = nil) throws(YAMLError) -> YAMLNode {
        let documents = try parseDocuments(bytes: bytes, file: file)
        return try single(documents, text: nil, file: file)
    }

    /// Parses every document of a stream (`---` separates documents).
    public func parseDocuments(_ text: String, file: String? = nil) throws(YAMLError) -> [YAMLNode] {
        var text = text
        return try text.withUTF8 { buffer in
            Result { () throws(YAMLError) in try parseDocuments(buffer, file: file) }
        }.get()
    }

    /// Parses every document of a stream given as UTF-8 bytes.
    public func parseDocuments(bytes: [UInt8], file: String? = nil) throws(YAMLError) -> [YAMLNode] {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) in try parseDocuments(buffer, file: file) }
        }.get()
    }

    private func single(_ documents: [YAMLNode], text: String?, file: String?) throws(YAMLError) -> YAMLNode {
        guard documents.count <= 1 else {
            throw YAMLError(
                .invalidValue("expected one YAML document, found \(documents.count)"),
                file: file, mark: documents[1].mark)
        }
        return documents.first ?? .scalar(YAMLScalar("", mark: YAMLMark(line: 1, column: 1)))
    }

    private func parseDocuments(_ input: UnsafeBufferPointer<UInt8>, file: String?) throws(YAMLError) -> [YAMLNode] {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        let event = UnsafeMutablePointer<yaml_event_t>.allocate(capacity: 1)
        defer {
            parser.deallocate()
            event.deallocate()
        }
        guard yaml_parser_initialize(parser) != 0 else {
            throw YAMLError(.unreadable("libyaml could not allocate a parser"), file: file)
        }
        defer { yaml_parser_delete(parser) }
        // An empty buffer may have no base address; an empty stream has no documents.
        guard let base = input.baseAddress, !input.isEmpty else { return [] }
        yaml_parser_set_input_string(parser, base, input.count)
        var builder = YAMLTreeBuilder(limits: limits, file: file)
        while true {
            guard yaml_parser_parse(parser, event) != 0 else {
                throw Self.syntaxError(parser.pointee, file: file)
            }
            defer { yaml_event_delete(event) }
            let type = event.pointee.type
            if type == YAML_STREAM_END_EVENT { break }
            try Self.handle(event.pointee, type: type, builder: &builder)
        }
        return builder.documents
    }

    private static func handle(_ event: yaml_event_t, type: yaml_event_type_t, builder: inout YAMLTreeBuilder) throws(YAMLError) {
        let mark = YAMLMark(event.start_mark)
        switch type {
        case YAML_DOCUMENT_START_EVENT:
            builder.startDocument()
        case YAML_DOCUMENT_END_EVENT:
            builder.endDocument(mark: mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let scalar = YAMLScalar(value, style: YAMLScalar.Style(data.style), tag: string(data.tag), mark: mark)
            try builder.scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            try builder.startSequence(mark: mark, tag: string(data.tag), anchor: string(data.anchor))
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            try builder.startMapping(mark: mark, tag: string(data.tag), anchor: string(data.anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try builder.endCollection()
        case YAML_ALIAS_EVENT:
            try builder.alias(string(event.data.alias.anchor) ?? "", mark: mark)
        default:
            break
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// The parser's problem as an error at the problem's mark, with the
    /// context (what was being parsed, and where that started) when given.
    private static func syntaxError(_ parser: yaml_parser_t, file: String?) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(.unreadable("libyaml ran out of memory"), file: file)
        case YAML_READER_ERROR:
            return YAMLError(.unreadable("\(problem) at byte \(parser.problem_offset)"), file: file)
        default:
            var message = problem
            if let context = parser.context.map({ String(cString: $0) }) {
                message += " (\(context) at \(YAMLMark(parser.context_mark)))"
            }
            return YAMLError(.syntax(message), file: file, mark: YAMLMark(parser.problem_mark))
        }
    }
}

extension YAMLMark {
    /// A libyaml mark, which counts from 0, as a 1-based mark.
    init(_ mark: yaml_mark_t) {
        self.init(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }
}

extension YAMLScalar.Style {
    init(_ style: yaml_scalar_style_t) {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: self = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: self = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: self = .literal
        case YAML_FOLDED_SCALAR_STYLE: self = .folded
        default: self = .plain
        }
    }
}
