extension MessageHeaders {
    /// Calls `body` with the headers as they are packed (`MessageHeaders`' layout), for a
    /// writer that stores them whole, as the role log's bundles do.
    public func withPackedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }

    /// The headers packed in `bytes` (as `withPackedBytes(_:)` lends them); nil when `bytes`
    /// are not such headers: a length out of range, a name without its NUL, or bytes left over.
    public init?(packed bytes: UnsafeRawBufferPointer) {
        var offset = 0
        var count = 0
        while offset < bytes.count {
            guard offset + Self.overhead <= bytes.count else { return nil }
            let nameCount = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
            let valueCount = Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: Int32.self)))
            guard nameCount >= 0, valueCount >= -1 else { return nil }
            let nul = offset + 8 + nameCount
            guard nul < bytes.count, bytes[nul] == 0 else { return nil }
            let next = nul + 1 + Swift.max(0, valueCount)
            guard next <= bytes.count else { return nil }
            offset = next
            count += 1
        }
        self.init()
        storage = Array(bytes)
        self.count = count
    }
}
