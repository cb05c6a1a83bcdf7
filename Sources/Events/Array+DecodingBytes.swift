extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws only `EventDecodingError` (the standard
    /// library's rethrows it as `any Error`).
    func withBytesForDecoding<T>(_ body: (UnsafeRawBufferPointer) throws(EventDecodingError) -> T) throws(EventDecodingError) -> T {
        do {
            // The standard library's (its body throws `any Error`).
            let run: (UnsafeRawBufferPointer) throws -> T = { bytes in try body(bytes) }
            return try withUnsafeBytes(run)
        } catch let error as EventDecodingError {
            throw error
        } catch {
            throw .notJSON(JSONError(.syntax, at: 0, "\(error)"))
        }
    }
}
