extension String {
    /// `bytes` as text, or nil when they are not valid UTF-8.
    ///
    /// The standard library's `String(validating:as:)` looks up generic metadata at run
    /// time on every call (it was 7 % of a role's own work); decoding, which repairs what
    /// is not UTF-8 with U+FFFD, is specialised: bytes that come back unchanged had nothing
    /// to repair.
    @inlinable
    public init?<Bytes: Collection>(utf8 bytes: Bytes) where Bytes.Element == UInt8 {
        var text = String(decoding: bytes, as: UTF8.self)
        guard text.utf8.count == bytes.count else { return nil }
        let unchanged = text.withUTF8 { decoded in
            bytes.withContiguousStorageIfAvailable { decoded.elementsEqual($0) } ?? decoded.elementsEqual(bytes)
        }
        guard unchanged else { return nil }
        self = text
    }
}
