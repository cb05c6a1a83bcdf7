/// A strict RFC 8259 JSON parser over raw bytes.
///
/// It rejects what an event must not carry instead of guessing: invalid UTF-8,
/// trailing bytes, duplicate object keys, and nesting deeper than `maxDepth`
/// (so a hostile message cannot exhaust the stack).
public struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    public var maxDepth: Int

    public init(maxDepth: Int = 64) {
        self.maxDepth = maxDepth
    }

    /// Parses one JSON document from `bytes`.
    public func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONError) -> JSONValue {
        var reader = JSONScanner(bytes: bytes, maxDepth: maxDepth)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else {
            throw JSONError(.syntax, at: reader.index, "unexpected bytes after the JSON value")
        }
        return value
    }

    /// Parses one JSON document from `bytes`.
    public func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        do {
            return try bytes.withUnsafeBytes { buffer in try parse(buffer) }
        } catch let error as JSONError {
            throw error
        } catch {
            throw JSONError(.syntax, at: 0, "\(error)")
        }
    }

    /// Parses one JSON document from a string.
    public func parse(_ text: String) throws(JSONError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}
