import JSON

extension YAMLScalar {
    /// The expanded forms of the core schema's tags.
    enum CoreTag {
        static let string = "tag:yaml.org,2002:str"
        static let null = "tag:yaml.org,2002:null"
        static let bool = "tag:yaml.org,2002:bool"
        static let int = "tag:yaml.org,2002:int"
        static let float = "tag:yaml.org,2002:float"
        /// The non-specific tag `!`: the scalar is a string.
        static let nonSpecific = "!"
    }

    /// The result of reading a scalar as an integer.
    enum IntegerResolution<Value> {
        case value(Value)
        case notAnInteger
        case outOfRange
    }

    /// Whether the scalar is a string whatever its text: quoted, a block
    /// scalar, or tagged `!!str` or `!`.
    public var isString: Bool {
        if let tag { return tag == CoreTag.string || tag == CoreTag.nonSpecific }
        return style.isQuotedOrBlock
    }

    /// Whether the scalar is null: a plain `~`, `null`, `Null`, `NULL` or
    /// nothing at all, or anything tagged `!!null`.
    public var isNull: Bool {
        if tag == CoreTag.null { return true }
        guard !isString else { return false }
        switch value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The scalar as a boolean (`true`/`false` in the core schema's spellings),
    /// or `nil` if it is not one.
    public var boolValue: Bool? {
        guard !isString else { return nil }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// The scalar as an integer of type `T`, or `nil` if it is not one or does not fit.
    public func integerValue<T: FixedWidthInteger>(_ type: T.Type = T.self) -> T? {
        if case .value(let value) = integer(type) { value } else { nil }
    }

    /// The scalar as a floating-point number (integers included, and `.inf`,
    /// `-.inf`, `.nan`), or `nil` if it is not one.
    public var doubleValue: Double? {
        guard !isString else { return nil }
        switch value {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        if Self.isDecimalNumber(value), let double = Double(value.filter { $0 != "_" }) {
            return double
        }
        if case .value(let integer) = integer(Int64.self) {
            return Double(integer)
        }
        return nil
    }

    /// The scalar as an integer of type `T`: decimal with an optional sign,
    /// `0x` hexadecimal, `0o` octal or `0b` binary, with `_` allowed between digits.
    func integer<T: FixedWidthInteger>(_ type: T.Type) -> IntegerResolution<T> {
        guard !isString else { return .notAnInteger }
        var text = Substring(value)
        var negative = false
        if let sign = text.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        var radix = 10
        for (prefix, base) in [("0x", 16), ("0o", 8), ("0b", 2)] where text.hasPrefix(prefix) {
            radix = base
            text = text.dropFirst(2)
        }
        guard let first = text.first, first != "_", text.last != "_" else { return .notAnInteger }
        var digits: [Int] = []
        for character in text where character != "_" {
            guard let digit = character.hexDigitValue, digit < radix else { return .notAnInteger }
            digits.append(digit)
        }
        var result: T = 0
        for digit in digits {
            let (shifted, overflow) = result.multipliedReportingOverflow(by: T(radix))
            let (next, carry) = negative
                ? shifted.subtractingReportingOverflow(T(digit))
                : shifted.addingReportingOverflow(T(digit))
            if overflow || carry { return .outOfRange }
            result = next
        }
        return .value(result)
    }

    /// Whether `text` looks like a decimal number (`12`, `-1.5`, `6.02e23`, `.5`):
    /// only digits, one point, an exponent and signs, so that Swift's own
    /// parser is never asked about `inf`, `nan` or hexadecimal floats.
    private static func isDecimalNumber(_ text: String) -> Bool {
        var sawDigit = false
        for character in text {
            switch character {
            case "0"..."9": sawDigit = true
            case ".", "e", "E", "+", "-", "_": continue
            default: return false
            }
        }
        return sawDigit
    }

    /// How the scalar reads in a message: numbers, booleans and null as they
    /// are, other plain text quoted, quoted text marked as a string.
    var foundDescription: String {
        let text = value.count > 60 ? String(value.prefix(57)) + "..." : value
        if isNull { return "null" }
        if isString { return "the string \(JSONString.quoted(text))" }
        if boolValue != nil || doubleValue != nil { return text }
        return JSONString.quoted(text)
    }
}
