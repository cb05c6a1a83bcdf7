/// Decodes `Decodable` values from a `JSONValue` tree, or from JSON bytes parsed by `JSONParser`.
///
/// The counterpart of `JSONValueEncoder`, used where Foundation's `JSONDecoder` was the
/// cost of restoring a role's state from its changelog. It reads any JSON that
/// `JSONEncoder` writes for types without date, data or key strategies.
public struct JSONValueDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// Decodes `type` from a JSON tree.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONDecodingState(value: value, codingPath: []).decode(type)
    }

    /// Parses `bytes` and decodes `type` from them; a syntax error is a `DecodingError.dataCorrupted`.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONParser().parse(bytes)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not JSON: \(error)", underlyingError: error))
        }
        return try decode(type, from: value)
    }
}

/// The `Decoder` handed to each value: one JSON value and where it sits.
struct JSONDecodingState: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(JSONKeyedDecoding<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return JSONUnkeyedDecoding(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecoding(value: value, codingPath: codingPath)
    }

    /// Primitives directly, anything else through its `init(from:)`.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == String.self { return try jsonString(value, codingPath) as! T }
        if type == Bool.self { return try jsonBool(value, codingPath) as! T }
        if type == Int.self { return try jsonInteger(Int.self, value, codingPath) as! T }
        if type == Int64.self { return try jsonInteger(Int64.self, value, codingPath) as! T }
        return try T(from: self)
    }
}

func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "expected \(type), found \(value.kindName)"))
}

func jsonString(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> String {
    guard case .string(let text) = value else { throw mismatch(String.self, value, codingPath) }
    return text
}

func jsonBool(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Bool {
    guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath) }
    return flag
}

func jsonInteger<T: FixedWidthInteger>(_ type: T.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) throws -> T {
    switch value {
    case .int(let number):
        if let exact = T(exactly: number) { return exact }
    case .double(let number):
        if let exact = T(exactly: number) { return exact }
    default:
        throw mismatch(type, value, codingPath)
    }
    throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(value) does not fit \(type)"))
}

func jsonFloatingPoint(_ value: JSONValue, _ codingPath: [any CodingKey]) throws -> Double {
    switch value {
    case .int(let number): return Double(number)
    case .double(let number): return number
    default: throw mismatch(Double.self, value, codingPath)
    }
}

struct JSONKeyedDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.members.compactMap { Key(stringValue: $0.key) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no member '\(key.stringValue)'"))
        }
        return value
    }

    private func state(_ key: Key) throws -> JSONDecodingState {
        JSONDecodingState(value: try value(key), codingPath: codingPath + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let value = object[key.stringValue] else { return true }
        return value == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try jsonBool(value(key), codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try jsonString(value(key), codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try jsonFloatingPoint(value(key), codingPath + [key]) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try jsonFloatingPoint(value(key), codingPath + [key])) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try jsonInteger(type, value(key), codingPath + [key]) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try jsonInteger(type, value(key), codingPath + [key]) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try state(key).decode(type) }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object[key.stringValue], value != .null else { return nil }
        return try JSONDecodingState(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try state(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try state(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONDecodingState(value: object["super"] ?? .null, codingPath: codingPath + [JSONCodingKey("super")])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONDecodingState(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

struct JSONUnkeyedDecoding: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next(_ type: Any.Type) throws -> JSONDecodingState {
        let key = JSONCodingKey(index: currentIndex)
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: codingPath + [key], debugDescription: "the array has no more elements"))
        }
        defer { currentIndex += 1 }
        return JSONDecodingState(value: elements[currentIndex], codingPath: codingPath + [key])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type).decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type).decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type).decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type).decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type).decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type).decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type).decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type).decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type).decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type).decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type).decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type).decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type).decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type).decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(type).decode(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(type).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next([JSONValue].self).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { try next(JSONValue.self) }
}

struct JSONSingleValueDecoding: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try jsonBool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try jsonString(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try jsonFloatingPoint(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try jsonFloatingPoint(value, codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try jsonInteger(type, value, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try jsonInteger(type, value, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try jsonInteger(type, value, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try jsonInteger(type, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecodingState(value: value, codingPath: codingPath).decode(type) }
}
