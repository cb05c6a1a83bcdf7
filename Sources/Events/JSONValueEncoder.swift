/// Encodes `Encodable` values as a `JSONValue` tree, or as JSON bytes through `JSONWriter`.
///
/// The role runtime writes every changed state to its changelog after each batch, so
/// this sits on the hot path: it builds a plain tree with no key conversion, date or
/// data strategies and no intermediate `Any`, several times faster than Foundation's
/// `JSONEncoder` for the lifecycle states. Its output is ordinary JSON that
/// `JSONValueDecoder` (and `JSONDecoder`) read back; members keep encoding order.
public struct JSONValueEncoder: Sendable {
    /// An encoder.
    public init() {}

    /// The value as a JSON tree.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let root = JSONEncodingNode()
        try value.encode(to: JSONEncodingState(node: root, codingPath: []))
        guard let result = root.value else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(T.self) encoded nothing"))
        }
        return result
    }

    /// The value as compact JSON bytes.
    public func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        JSONWriter.bytes(try encode(value))
    }
}

/// A value under construction: a leaf, or an object or array whose members may still grow.
final class JSONEncodingNode {
    enum Content {
        case empty
        case leaf(JSONValue)
        case object([(key: String, node: JSONEncodingNode)])
        case array([JSONEncodingNode])
    }

    var content: Content = .empty

    init() {}

    init(_ value: JSONValue) { content = .leaf(value) }

    /// The finished value (`nil` if nothing was encoded).
    var value: JSONValue? {
        switch content {
        case .empty: return nil
        case .leaf(let value): return value
        case .object(let members):
            // `set` keeps the keys unique.
            return .object(JSONObject(uniqueMembers: members.map { ($0.key, $0.node.value ?? .object(JSONObject())) }))
        case .array(let elements):
            return .array(elements.map { $0.value ?? .object(JSONObject()) })
        }
    }

    func makeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func makeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// Adds or replaces member `key` (an object's keys are unique).
    func set(_ key: String, _ node: JSONEncodingNode) {
        guard case .object(var members) = content else { return }
        content = .empty
        if let index = members.firstIndex(where: { $0.key == key }) {
            members[index].node = node
        } else {
            members.append((key, node))
        }
        content = .object(members)
    }

    func append(_ node: JSONEncodingNode) {
        guard case .array(var elements) = content else { return }
        content = .empty
        elements.append(node)
        content = .array(elements)
    }

    var count: Int {
        switch content {
        case .array(let elements): return elements.count
        case .object(let members): return members.count
        default: return 0
        }
    }
}

/// The `Encoder` handed to each value; it writes into `node`.
struct JSONEncodingState: Encoder {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(JSONKeyedEncoding<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return JSONUnkeyedEncoding(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        JSONSingleValueEncoding(node: node, codingPath: codingPath)
    }
}

/// Integers as JSON integers; throws for values outside Int64.
func jsonIntegerValue<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
    guard let exact = Int64(exactly: value) else {
        throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "\(value) does not fit a 64-bit JSON integer"))
    }
    return .int(exact)
}

/// Encodes `value` into a fresh node: the common primitives directly (checked by type,
/// which is cheaper than a dynamic cast), anything else through its `encode(to:)`.
func jsonNode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> JSONEncodingNode {
    if T.self == String.self { return JSONEncodingNode(.string(value as! String)) }
    if T.self == Bool.self { return JSONEncodingNode(.bool(value as! Bool)) }
    if T.self == Int.self { return JSONEncodingNode(.int(Int64(value as! Int))) }
    if T.self == Int64.self { return JSONEncodingNode(.int(value as! Int64)) }
    let node = JSONEncodingNode()
    try value.encode(to: JSONEncodingState(node: node, codingPath: codingPath))
    return node
}

struct JSONKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    private func put(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, JSONEncodingNode(value)) }

    mutating func encodeNil(forKey key: Key) throws { put(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { put(.double(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { put(.double(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.int(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(try jsonIntegerValue(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(.int(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(try jsonIntegerValue(value, codingPath: codingPath + [key]), key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        node.set(key.stringValue, try jsonNode(value, codingPath: codingPath + [key]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = JSONEncodingNode()
        child.makeObject()
        node.set(key.stringValue, child)
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = JSONEncodingNode()
        child.makeArray()
        node.set(key.stringValue, child)
        return JSONUnkeyedEncoding(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue, key: key) }

    private func superEncoder(named name: String, key: (any CodingKey)? = nil) -> any Encoder {
        let child = JSONEncodingNode()
        node.set(name, child)
        return JSONEncodingState(node: child, codingPath: codingPath + [key ?? JSONCodingKey(name)])
    }
}

struct JSONUnkeyedEncoding: UnkeyedEncodingContainer, JSONLeafEncoding {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var nextKey: any CodingKey { JSONCodingKey(index: node.count) }
    var leafPath: [any CodingKey] { codingPath + [nextKey] }
    func put(_ value: JSONValue) { node.append(JSONEncodingNode(value)) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.append(try jsonNode(value, codingPath: codingPath + [nextKey]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = codingPath + [nextKey]
        let child = JSONEncodingNode()
        child.makeObject()
        node.append(child)
        return KeyedEncodingContainer(JSONKeyedEncoding<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = codingPath + [nextKey]
        let child = JSONEncodingNode()
        child.makeArray()
        node.append(child)
        return JSONUnkeyedEncoding(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = codingPath + [nextKey]
        let child = JSONEncodingNode()
        node.append(child)
        return JSONEncodingState(node: child, codingPath: path)
    }
}

struct JSONSingleValueEncoding: SingleValueEncodingContainer, JSONLeafEncoding {
    let node: JSONEncodingNode
    let codingPath: [any CodingKey]

    var leafPath: [any CodingKey] { codingPath }
    func put(_ value: JSONValue) { node.content = .leaf(value) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let child = try jsonNode(value, codingPath: codingPath)
        node.content = child.content
    }
}

/// The leaf values of the unkeyed and the single-value containers, written once: each
/// container says where a value goes (`put`) and the coding path of a value it puts.
protocol JSONLeafEncoding {
    var leafPath: [any CodingKey] { get }
    func put(_ value: JSONValue)
}

extension JSONLeafEncoding {
    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.double(Double(value))) }
    mutating func encode(_ value: Int) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(value)) }
    mutating func encode(_ value: UInt) throws { put(try jsonIntegerValue(value, codingPath: leafPath)) }
    mutating func encode(_ value: UInt8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { put(try jsonIntegerValue(value, codingPath: leafPath)) }
}

/// A coding key made from a string or an array index.
struct JSONCodingKey: CodingKey {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init(index: Int) {
        stringValue = "Index \(index)"
        intValue = index
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) { self.init(index: intValue) }
}
