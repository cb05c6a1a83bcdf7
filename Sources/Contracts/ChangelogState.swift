import Lifecycle

/// A per-key state as its changelog holds it, written and read by hand: the role runtime
/// writes every changed state after each batch and reads every one back on restore, so this
/// is on the hot path. It is the states' one persisted form (they are not Codable).
///
/// The value is the JSON the states' Codable conformances wrote before this codec (same
/// members, same order, same encodings: instants and durations as milliseconds, enums as
/// their raw values, absent optionals left out; members added since are left out at their
/// default), so changelogs written by older builds restore unchanged. It is the one reader
/// of changelog values: the status API (`maintenanced get`, an instance's answer
/// for the states it holds, `--from-changelog`) reads states through it too, with what it
/// makes of members older builds wrote.
public protocol ChangelogState: Sendable {
    /// The state's changelog value.
    func changelogValue() throws -> [UInt8]
    /// The state of changelog value `value` (settings are not persisted: configure them after).
    init(changelogValue value: [UInt8]) throws
}

/// A value inside a changelog value: written into, and read from, the codec's cursors.
protocol ChangelogValue {
    func write(to writer: inout ChangelogWriter)
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Self
}

extension ChangelogValue {
    /// The value as a whole changelog value.
    func changelogBytes() -> [UInt8] {
        var writer = ChangelogWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// The value of the whole changelog value `bytes`.
    static func read(changelogBytes bytes: [UInt8]) throws(ChangelogDecodingError) -> Self {
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(ChangelogDecodingError) in
                var reader = ChangelogReader(buffer)
                let value = try read(from: &reader)
                try reader.end()
                return value
            }
        }
    }
}

extension ChangelogReader {
    /// An optional member's value: nil when it is null.
    mutating func optional<Value: ChangelogValue>(_: Value.Type = Value.self) throws(ChangelogDecodingError) -> Value? {
        try takeNull() ? nil : Value.read(from: &self)
    }

    /// A required member's value, or an error naming it when the object had none.
    func required<Value>(_ value: Value?, _ name: String) throws(ChangelogDecodingError) -> Value {
        guard let value else { throw fail("the member '\(name)' is missing") }
        return value
    }
}

extension Int: ChangelogValue {
    func write(to writer: inout ChangelogWriter) { writer.int(self) }
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Int { try reader.int() }
}

extension Bool: ChangelogValue {
    func write(to writer: inout ChangelogWriter) { writer.bool(self) }
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Bool { try reader.bool() }
}

extension String: ChangelogValue {
    func write(to writer: inout ChangelogWriter) { writer.string(self) }
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> String { try reader.string() }
}

extension Instant: ChangelogValue {
    func write(to writer: inout ChangelogWriter) { writer.int(millisecondsSinceEpoch) }
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Instant {
        Instant(millisecondsSinceEpoch: try reader.int64())
    }
}

extension Array: ChangelogValue where Element: ChangelogValue {
    func write(to writer: inout ChangelogWriter) {
        writer.beginArray()
        for element in self { element.write(to: &writer) }
        writer.endArray()
    }

    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> [Element] {
        try reader.array { (reader: inout ChangelogReader) throws(ChangelogDecodingError) in try Element.read(from: &reader) }
    }
}

/// An enum written as its raw value (as Codable wrote a `String` enum).
protocol ChangelogRawValue: ChangelogValue, RawRepresentable where RawValue == String {}

extension ChangelogRawValue {
    func write(to writer: inout ChangelogWriter) { writer.string(rawValue) }
    static func read(from reader: inout ChangelogReader) throws(ChangelogDecodingError) -> Self {
        let raw = try reader.string()
        guard let value = Self(rawValue: raw) else { throw reader.fail("'\(raw)' is not a \(Self.self)") }
        return value
    }
}

extension OperationalState: ChangelogRawValue {}
extension PowerState: ChangelogRawValue {}
extension SchedulerPhase: ChangelogRawValue {}
extension MaintenanceStatus: ChangelogRawValue {}
extension MaintenancePolicy: ChangelogRawValue {}
extension PowerPhase: ChangelogRawValue {}
extension PowerOperationKind: ChangelogRawValue {}
extension Requester: ChangelogRawValue {}
extension Grant: ChangelogRawValue {}
extension UpdateStep: ChangelogRawValue {}
extension MaintenanceState: ChangelogRawValue {}
extension ServerStatus: ChangelogRawValue {}
extension StatusDetail: ChangelogRawValue {}
