extension EventSchema {
    /// Checks `data` against the schema; the error names the JSON path of the first problem.
    public func validate(_ data: JSONValue?, type: String) throws(EventDecodingError) {
        guard let data else {
            throw .schemaViolation(type: type, path: "$", reason: "data is missing")
        }
        try Self.validate(data, fields: fields, path: "$", type: type)
    }

    static func validate(_ value: JSONValue, fields: [Field], path: String, type: String) throws(EventDecodingError) {
        guard case .object(let object) = value else {
            throw .schemaViolation(type: type, path: path, reason: "expected an object, found \(value.kindName)")
        }
        for field in fields {
            let memberPath = path + "." + field.name
            guard let member = object[field.name] else {
                if field.required {
                    throw .schemaViolation(type: type, path: memberPath, reason: "required member is missing")
                }
                continue
            }
            try validate(member, kind: field.kind, path: memberPath, type: type)
        }
        for member in object.members where !fields.contains(where: { $0.name == member.key }) {
            throw .schemaViolation(type: type, path: path + "." + member.key, reason: "unknown member")
        }
    }

    static func validate(_ value: JSONValue, kind: Kind, path: String, type: String) throws(EventDecodingError) {
        func violation(_ reason: String) -> EventDecodingError {
            .schemaViolation(type: type, path: path, reason: reason)
        }
        switch kind {
        case .string(let maxLength):
            guard case .string(let text) = value else { throw violation("expected a string, found \(value.kindName)") }
            guard !text.isEmpty else { throw violation("must not be empty") }
            guard text.unicodeScalars.count <= maxLength else { throw violation("longer than \(maxLength) characters") }
        case .oneOf(let allowed):
            guard case .string(let text) = value else { throw violation("expected a string, found \(value.kindName)") }
            guard allowed.contains(text) else {
                throw violation("'\(text)' is not one of \(allowed.joined(separator: ", "))")
            }
        case .integer(let minimum, let maximum):
            guard case .int(let number) = value else { throw violation("expected an integer, found \(value.kindName)") }
            guard number >= minimum, number <= maximum else {
                throw violation("\(number) is outside \(minimum)...\(maximum)")
            }
        case .boolean:
            guard case .bool = value else { throw violation("expected a boolean, found \(value.kindName)") }
        case .timestamp:
            guard case .string(let text) = value else { throw violation("expected a timestamp string, found \(value.kindName)") }
            guard RFC3339.parse(text) != nil else { throw violation("'\(text)' is not an RFC 3339 timestamp") }
        case .object(let fields):
            try validate(value, fields: fields, path: path, type: type)
        case .array(let element, let maxItems):
            guard case .array(let elements) = value else { throw violation("expected an array, found \(value.kindName)") }
            guard elements.count <= maxItems else { throw violation("more than \(maxItems) items") }
            for (index, item) in elements.enumerated() {
                try validate(item, kind: element, path: "\(path)[\(index)]", type: type)
            }
        case .stringMap:
            guard case .object(let object) = value else { throw violation("expected an object, found \(value.kindName)") }
            for member in object.members {
                guard case .string = member.value else {
                    throw .schemaViolation(type: type, path: path + "." + member.key, reason: "expected a string, found \(member.value.kindName)")
                }
            }
        }
    }
}
