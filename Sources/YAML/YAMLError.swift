import JSON

/// Every failure of reading YAML: syntax, limits, and decoding problems.
///
/// The description names the file, line, column and key path, so a person can
/// go straight to the mistake:
/// `topics/server.lifecycle.yaml:7:15: at spec.partitions: expected an integer, found "twelve"`.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The text is not well-formed YAML (libyaml's problem and context).
        case syntax(String)
        /// A value is of another kind than the one asked for.
        case typeMismatch(expected: String, found: String)
        /// A mapping lacks a key that is required.
        case missingKey(String)
        /// A mapping has a key nobody reads (strict decoding), with a close
        /// known key to suggest when there is one.
        case unknownKey(String, suggestion: String?)
        /// A mapping has the same key twice.
        case duplicateKey(String)
        /// A value has the right kind but is not acceptable.
        case invalidValue(String)
        /// The input goes beyond a parser limit (depth, alias expansion).
        case limitExceeded(String)
        /// The input could not be read.
        case unreadable(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The file the YAML came from, as given by the caller.
    public var file: String?
    /// Where in the file, if known.
    public var mark: YAMLMark?
    /// The key path of the value at fault; the root when empty.
    public var path: YAMLPath

    public init(_ kind: Kind, file: String? = nil, mark: YAMLMark? = nil, path: YAMLPath = YAMLPath()) {
        self.kind = kind
        self.file = file
        self.mark = mark
        self.path = path
    }

    /// The message without its location: `expected an integer, found "twelve"`.
    public var message: String {
        switch kind {
        case .syntax(let problem):
            "syntax error: \(problem)"
        case .typeMismatch(let expected, let found):
            "expected \(expected), found \(found)"
        case .missingKey(let key):
            "missing required key \(JSONString.quoted(key))"
        case .unknownKey(let key, let suggestion?):
            "unknown key \(JSONString.quoted(key)) (did you mean \(JSONString.quoted(suggestion))?)"
        case .unknownKey(let key, nil):
            "unknown key \(JSONString.quoted(key))"
        case .duplicateKey(let key):
            "duplicate key \(JSONString.quoted(key))"
        case .invalidValue(let problem):
            problem
        case .limitExceeded(let problem):
            problem
        case .unreadable(let problem):
            problem
        }
    }

    /// `file:line:column`, as much of it as is known.
    public var location: String {
        switch (file, mark) {
        case (let file?, let mark?): "\(file):\(mark)"
        case (let file?, nil): file
        case (nil, let mark?): "\(mark)"
        case (nil, nil): "<yaml>"
        }
    }

    public var description: String {
        path.isRoot ? "\(location): \(message)" : "\(location): at \(path): \(message)"
    }
}
