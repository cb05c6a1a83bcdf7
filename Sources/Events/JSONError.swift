/// Why a byte sequence is not the JSON we accept, and where (byte offset).
public struct JSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public enum Kind: Sendable, Hashable {
        case invalidUTF8
        case syntax
        case tooDeep
        case duplicateKey
    }

    public var kind: Kind
    /// The byte offset in the input where the problem was found.
    public var offset: Int
    public var message: String

    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    public var description: String { "\(message) at byte \(offset)" }
}
