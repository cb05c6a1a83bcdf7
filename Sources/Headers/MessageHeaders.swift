#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The headers of one Kafka message, in order, in one buffer.
///
/// A message carries a dozen headers (CloudEvents attributes, the role log's positions); as
/// an array of names and byte arrays each header cost two allocations wherever a message was
/// read, copied or written. Here they are packed back to back — per header its name's length,
/// its value's length (-1: no value), the name with a terminating NUL (librdkafka takes names
/// as C strings) and the value — so a message's headers are one allocation, read in place
/// (`forEach(_:)`, `withValue(named:_:)`) and handed to librdkafka from the buffer.
/// Names may repeat; order is kept. Equal when the same headers are in the same order.
public struct MessageHeaders: Sendable, Hashable {
    /// The packed headers.
    @usableFromInline var storage: [UInt8]
    /// How many headers there are.
    public internal(set) var count: Int

    /// No headers.
    public init() {
        storage = []
        count = 0
    }

    /// These headers, in order.
    public init(_ headers: some Sequence<MessageHeader>) {
        self.init()
        for header in headers { append(header) }
    }

    /// Room for `bytes` bytes of names and values without growing (`headerCount` headers).
    public mutating func reserveCapacity(headers headerCount: Int, bytes: Int) {
        storage.reserveCapacity(storage.count + headerCount * Self.overhead + bytes)
    }

    /// The bytes of a header besides its name and value: two lengths and the name's NUL.
    @usableFromInline static let overhead = 9

    public var isEmpty: Bool { count == 0 }

    /// The first header, if any.
    public var first: MessageHeader? {
        var iterator = makeIterator()
        return iterator.next()
    }

    // MARK: Appending

    /// Appends a header named `name` with bytes `value` (nil: without value).
    public mutating func append(name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?) {
        let start = storage.count
        let size = Self.overhead + name.count + (value?.count ?? 0)
        if storage.capacity < start + size { storage.reserveCapacity(Swift.max(start + size, 2 * storage.capacity)) }
        // Grown first, then written with plain copies: `append(contentsOf:)` of raw bytes went byte by byte.
        storage.append(contentsOf: repeatElement(0, count: size))
        storage.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: Int32(truncatingIfNeeded: name.count).littleEndian, toByteOffset: start, as: Int32.self)
            bytes.storeBytes(of: Int32(truncatingIfNeeded: value.map(\.count) ?? -1).littleEndian, toByteOffset: start + 4, as: Int32.self)
            if let base = name.baseAddress { (bytes.baseAddress! + start + 8).copyMemory(from: base, byteCount: name.count) }
            if let value, let base = value.baseAddress {
                (bytes.baseAddress! + start + 9 + name.count).copyMemory(from: base, byteCount: value.count)
            }
        }
        count += 1
    }

    /// Appends a header named `name` with bytes `value` (nil: without value).
    public mutating func append(name: String, value: [UInt8]?) {
        var name = name
        name.withUTF8 { name in
            if let value {
                value.withUnsafeBytes { append(name: UnsafeRawBufferPointer(name), value: $0) }
            } else {
                append(name: UnsafeRawBufferPointer(name), value: nil)
            }
        }
    }

    /// Appends a header named `name` whose value is the UTF-8 bytes of `string`.
    public mutating func append(name: String, string: String) {
        var name = name
        var string = string
        name.withUTF8 { name in
            string.withUTF8 { append(name: UnsafeRawBufferPointer(name), value: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Appends `header`.
    public mutating func append(_ header: MessageHeader) { append(name: header.name, value: header.value) }

    /// Appends `headers`, in order.
    public mutating func append(contentsOf headers: some Sequence<MessageHeader>) {
        for header in headers { append(header) }
    }

    public static func += (headers: inout MessageHeaders, more: [MessageHeader]) { headers.append(contentsOf: more) }

    // MARK: Reading in place

    /// Calls `body` with each header's name (without its NUL) and value (nil: none) in order,
    /// in the buffer: valid only during the call.
    @inlinable
    public func forEach<E: Error>(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer?) throws(E) -> Void) throws(E) {
        try withUnsafeRawHeaders { (name, _, value) throws(E) in try body(name, value) }
    }

    /// Like `forEach(_:)`, also lending the name as a C string (NUL-terminated), for librdkafka.
    @inlinable
    public func withUnsafeRawHeaders<E: Error>(
        _ body: (UnsafeRawBufferPointer, UnsafePointer<CChar>, UnsafeRawBufferPointer?) throws(E) -> Void
    ) throws(E) {
        var failure: E?
        storage.withUnsafeBytes { bytes in
            do throws(E) { try Self.walk(bytes, body) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Calls `each` with each header as `withUnsafeRawHeaders(_:)` does, then `body`, with the
    /// buffer pinned all along: for a caller that hands the pointers on (librdkafka's produce).
    @inlinable
    public func withUnsafeRawHeaders<R>(
        _ each: (UnsafeRawBufferPointer, UnsafePointer<CChar>, UnsafeRawBufferPointer?) -> Void, then body: () -> R
    ) -> R {
        storage.withUnsafeBytes { bytes in
            Self.walk(bytes, each)
            return body()
        }
    }

    /// Calls `body` with each header packed in `bytes`.
    @inlinable
    static func walk<E: Error>(
        _ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer, UnsafePointer<CChar>, UnsafeRawBufferPointer?) throws(E) -> Void
    ) throws(E) {
        var offset = 0
        while let entry = entry(in: bytes, at: offset) {
            try body(entry.name, (bytes.baseAddress! + offset + 8).assumingMemoryBound(to: CChar.self), entry.value)
            offset = entry.next
        }
    }

    /// The header packed at `offset` of `bytes`, and where the next one starts; nil past the last.
    /// The one reader of the layout: `walk` and the iterator both go through it.
    @inlinable
    static func entry(in bytes: UnsafeRawBufferPointer, at offset: Int) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer?, next: Int)? {
        guard offset + overhead <= bytes.count else { return nil }
        let nameCount = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        let valueCount = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self)))
        let nameStart = offset + 8
        let valueStart = nameStart + nameCount + 1
        let name = UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameStart + nameCount])
        let value = valueCount < 0 ? nil : UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueStart + valueCount])
        return (name, value, valueStart + Swift.max(0, valueCount))
    }

    /// Calls `body` with the value of the first header named `name` (nil: no such header, or
    /// one without value), in the buffer.
    @inlinable
    public func withValue<R>(named name: StaticString, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        let wanted = UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return withValue(matching: { Self.equal($0, wanted) }, body)
    }

    /// Calls `body` with the value of the first header whose name `matches` (nil: none, or one
    /// without value), in the buffer.
    @inlinable
    public func withValue<R>(matching matches: (UnsafeRawBufferPointer) -> Bool, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        storage.withUnsafeBytes { bytes in
            var found: UnsafeRawBufferPointer?
            var seen = false
            Self.walk(bytes) { name, _, value in
                if !seen, matches(name) {
                    seen = true
                    found = value
                }
            }
            return body(found)
        }
    }

    /// Whether two byte ranges hold the same bytes (lengths first, then one `memcmp`).
    @inlinable
    public static func equal(_ left: UnsafeRawBufferPointer, _ right: UnsafeRawBufferPointer) -> Bool {
        guard left.count == right.count else { return false }
        guard let a = left.baseAddress, let b = right.baseAddress else { return true }
        return memcmp(a, b, left.count) == 0
    }

    /// Whether `bytes` start with `prefix`.
    @inlinable
    public static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        guard bytes.count >= prefix.utf8CodeUnitCount else { return false }
        return equal(UnsafeRawBufferPointer(rebasing: bytes[..<prefix.utf8CodeUnitCount]),
                     UnsafeRawBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }

    /// The value of the first header named `name`, as text (nil: none, no value, or not UTF-8).
    public func string(named name: String) -> String? {
        withValue(named: name) { $0.flatMap { String(utf8: $0) } }
    }

    /// The bytes of the first header named `name` (nil: none, or one without value).
    public func value(named name: String) -> [UInt8]? {
        withValue(named: name) { $0.map { Array($0) } }
    }

    /// `withValue(named:_:)` for a name that is not a literal.
    private func withValue<R>(named name: String, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        var name = name
        return name.withUTF8 { wanted in withValue(matching: { Self.equal($0, UnsafeRawBufferPointer(wanted)) }, body) }
    }

    // MARK: Changing

    /// Removes the headers `shouldBeRemoved` picks.
    public mutating func removeAll(where shouldBeRemoved: (MessageHeader) throws -> Bool) rethrows {
        var kept = MessageHeaders()
        for header in self where try !shouldBeRemoved(header) { kept.append(header) }
        self = kept
    }

    /// Removes the headers whose names start with `prefix`, without making a `MessageHeader` of each.
    public mutating func removeAll(namePrefix prefix: StaticString) {
        var kept = MessageHeaders()
        kept.storage.reserveCapacity(storage.count)
        forEach { name, value in
            if !Self.hasPrefix(name, prefix) { kept.append(name: name, value: value) }
        }
        self = kept
    }

    /// Removes the header at `index` (in order).
    public mutating func remove(at index: Int) {
        var headers = Array(self)
        headers.remove(at: index)
        self = MessageHeaders(headers)
    }

    /// The header at `index` (in order); found by walking the buffer.
    public subscript(index: Int) -> MessageHeader {
        get { Array(self)[index] }
        set {
            var headers = Array(self)
            headers[index] = newValue
            self = MessageHeaders(headers)
        }
    }
}

extension MessageHeaders: Sequence {
    /// Makes a `MessageHeader` of each header in turn.
    public struct Iterator: IteratorProtocol {
        let storage: [UInt8]
        var offset = 0

        public mutating func next() -> MessageHeader? {
            storage.withUnsafeBytes { bytes in
                guard let entry = MessageHeaders.entry(in: bytes, at: offset) else { return nil }
                offset = entry.next
                return MessageHeader(name: String(decoding: entry.name, as: UTF8.self), value: entry.value.map { Array($0) })
            }
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    public var underestimatedCount: Int { count }
}

extension MessageHeaders: ExpressibleByArrayLiteral {
    public init(arrayLiteral headers: MessageHeader...) { self.init(headers) }
}

extension MessageHeaders: CustomStringConvertible {
    public var description: String {
        "[" + map { "\($0.name): \($0.value.map { String(decoding: $0, as: UTF8.self) } ?? "null")" }.joined(separator: ", ") + "]"
    }
}
