extension EventSchema {
    /// The JSON Schema (draft 2020-12) of the data, for people using other Kafka clients.
    public func jsonSchema(id: String, title: String, description: String) -> JSONValue {
        var object = JSONObject()
        object["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        object["$id"] = .string(id)
        object["title"] = .string(title)
        object["description"] = .string(description)
        for member in Self.objectSchema(fields).members { object[member.key] = member.value }
        return .object(object)
    }

    static func objectSchema(_ fields: [Field]) -> JSONObject {
        var object = JSONObject()
        object["type"] = "object"
        var properties = JSONObject()
        for field in fields {
            var property = schema(of: field.kind)
            property["description"] = .string(field.summary)
            properties[field.name] = .object(property)
        }
        object["properties"] = .object(properties)
        let required = fields.filter(\.required).map { JSONValue.string($0.name) }
        if !required.isEmpty { object["required"] = .array(required) }
        object["additionalProperties"] = false
        return object
    }

    static func schema(of kind: Kind) -> JSONObject {
        var object = JSONObject()
        switch kind {
        case .string(let maxLength):
            object["type"] = "string"
            object["minLength"] = 1
            object["maxLength"] = .int(Int64(maxLength))
        case .oneOf(let allowed):
            object["type"] = "string"
            object["enum"] = .array(allowed.map { .string($0) })
        case .integer(let minimum, let maximum):
            object["type"] = "integer"
            if minimum != .min { object["minimum"] = .int(minimum) }
            if maximum != .max { object["maximum"] = .int(maximum) }
        case .boolean:
            object["type"] = "boolean"
        case .timestamp:
            object["type"] = "string"
            object["format"] = "date-time"
            object["pattern"] = #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#
        case .object(let fields):
            object = objectSchema(fields)
        case .array(let element, let maxItems):
            object["type"] = "array"
            object["items"] = .object(schema(of: element))
            object["maxItems"] = .int(Int64(maxItems))
        case .stringMap:
            object["type"] = "object"
            object["additionalProperties"] = ["type": "string"]
        }
        return object
    }
}
