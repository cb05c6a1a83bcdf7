extension EventSchema {
    /// The shape `read` walks: per object its members' names as bytes and where each
    /// member's value goes, and the path of every scalar member kept in `EventData`.
    struct Layout: Sendable {
        /// The data object's members.
        var root: Object
        /// The path of each kept scalar, by slot: `requestId`, `from.status`.
        var paths: [String]

        init(_ fields: [Field]) {
            var paths: [String] = []
            root = Object(fields, prefix: "", keeping: true, paths: &paths)
            self.paths = paths
        }

        /// One object's members, in the schema's order.
        struct Object: Sendable {
            var fields: [Field]
            /// Each member's name, UTF-8, to match a key in place.
            var names: [[UInt8]]
            var slots: [Slot]

            init(_ fields: [Field], prefix: String, keeping: Bool, paths: inout [String]) {
                self.fields = fields
                names = fields.map { Array($0.name.utf8) }
                slots = fields.map { Slot($0.kind, path: prefix + $0.name, keeping: keeping, paths: &paths) }
            }

            /// An object the schema names no member of (an object of strings).
            static let none: Object = {
                var paths: [String] = []
                return Object([], prefix: "", keeping: false, paths: &paths)
            }()

            /// The member named by `key` (UTF-8 bytes).
            func field(named key: UnsafeRawBufferPointer) -> Int? {
                names.firstIndex { name in
                    name.count == key.count && name.withUnsafeBytes { MessageHeaders.equal($0, key) }
                }
            }

            /// The member named `key`.
            func field(named key: String) -> Int? {
                fields.firstIndex { $0.name == key }
            }
        }

        /// Where one member's value goes.
        indirect enum Slot: Sendable {
            /// A scalar kept in `EventData.values[index]`.
            case scalar(Int)
            /// A scalar checked and not kept (inside an array).
            case checked
            case object(Object)
            /// An array whose elements are read with this slot (nothing in them is kept).
            case array(Slot)
            /// An object of strings: checked, not kept.
            case stringMap

            init(_ kind: Kind, path: String, keeping: Bool, paths: inout [String]) {
                switch kind {
                case .string, .oneOf, .integer, .boolean, .timestamp:
                    guard keeping else { self = .checked; return }
                    self = .scalar(paths.count)
                    paths.append(path)
                case .object(let fields):
                    self = .object(Object(fields, prefix: path + ".", keeping: keeping, paths: &paths))
                case .array(let element, _):
                    self = .array(Slot(element, path: path, keeping: false, paths: &paths))
                case .stringMap:
                    self = .stringMap
                }
            }
        }
    }
}
