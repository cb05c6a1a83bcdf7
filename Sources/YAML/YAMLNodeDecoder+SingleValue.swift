extension YAMLNodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        node.isNull
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let value = node.scalar?.boolValue else { throw mismatch(expected: "a boolean (true or false)") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard let scalar = node.scalar, !scalar.isNull else { throw mismatch(expected: "a string") }
        return scalar.value
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard let value = node.scalar?.doubleValue else { throw mismatch(expected: "a number") }
        return value
    }

    func decode(_ type: Float.Type) throws -> Float {
        let value = try decode(Double.self)
        guard !value.isFinite || Float(value).isFinite else {
            throw error(.invalidValue("\(value) is out of range for Float"))
        }
        return Float(value)
    }

    func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }

    @available(macOS 15.0, *)
    func decode(_ type: Int128.Type) throws -> Int128 { try integer(type) }

    @available(macOS 15.0, *)
    func decode(_ type: UInt128.Type) throws -> UInt128 { try integer(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(type)
    }

    /// The node as an integer of type `T`, or an error that says whether it is
    /// not an integer or does not fit.
    private func integer<T: FixedWidthInteger>(_ type: T.Type) throws(YAMLError) -> T {
        guard let scalar = node.scalar else { throw mismatch(expected: "an integer") }
        switch scalar.integer(type) {
        case .value(let value):
            return value
        case .notAnInteger:
            throw mismatch(expected: "an integer")
        case .outOfRange:
            throw error(.invalidValue("\(scalar.value) is out of range for \(type) (\(T.min)...\(T.max))"))
        }
    }
}
