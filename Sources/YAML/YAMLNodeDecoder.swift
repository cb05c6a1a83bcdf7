/// The `Decoder` for one node: hands out containers over it and decodes
/// scalars from it. Every failure is a `YAMLError` at the node's mark and path.
struct YAMLNodeDecoder: Decoder {
    let node: YAMLNode
    let path: YAMLPath
    let context: YAMLDecodingContext

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { context.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let mapping) = node else { throw mismatch(expected: "a mapping") }
        context.opened(mappingAt: path)
        return KeyedDecodingContainer(YAMLKeyedDecodingContainer<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else { throw mismatch(expected: "a sequence") }
        return YAMLUnkeyedDecodingContainer(decoder: self, elements: sequence.elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        self
    }

    /// The decoder for a child node.
    func child(_ node: YAMLNode, at component: YAMLPath.Component) -> YAMLNodeDecoder {
        YAMLNodeDecoder(node: node, path: path.appending(component), context: context)
    }

    /// Decodes a `Decodable` value from this node. Errors the type throws
    /// become `YAMLError`s that point here (or where the error says).
    func decodeValue<T: Decodable>(_ type: T.Type) throws(YAMLError) -> T {
        do {
            return try T(from: self)
        } catch let error as YAMLError {
            throw error
        } catch let error as DecodingError {
            throw context.error(from: error, decoding: type)
        } catch {
            throw self.error(.invalidValue("\(error)"))
        }
    }

    /// An error about this node.
    func error(_ kind: YAMLError.Kind) -> YAMLError {
        context.error(kind, at: node.mark, path: path)
    }

    /// "expected X, found <this node>".
    func mismatch(expected: String) -> YAMLError {
        error(.typeMismatch(expected: expected, found: node.foundDescription))
    }
}
