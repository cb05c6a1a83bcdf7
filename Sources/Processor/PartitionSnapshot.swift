import Events
import Headers
import Kafka

/// What a graceful stop leaves of one changelog partition in the state directory: every
/// key's state as the changelog record that carries it (key, value, headers) and the
/// partition's checkpoint, with the changelog offset they stand for.
///
/// `offset` is the changelog's end when the snapshot was taken, with every state the
/// instance held written to it: the records are the fold of the changelog below `offset`.
/// Restoring them and then the changelog from `offset` gives what restoring the whole
/// changelog gives (`RoleEngine.restore` keeps each key's newest state by the log offset
/// it reflects, so the order of the two does not matter).
public struct PartitionSnapshot: Sendable, Equatable {
    /// The changelog partition it is of.
    public var changelog: KafkaTopicPartition
    /// The changelog offset it stands for: the next one the partition had when it was taken.
    public var offset: Int64
    /// When it was taken, in milliseconds since the epoch.
    public var written: Int64
    /// The records, as the changelog carries them.
    public var records: [EventMessage]

    public init(changelog: KafkaTopicPartition, offset: Int64, written: Int64, records: [EventMessage]) {
        self.changelog = changelog
        self.offset = offset
        self.written = written
        self.records = records
    }

    /// The first eight bytes of a snapshot file: a name and the format's version.
    static let magic: [UInt8] = Array("mtdsnap".utf8) + [1]
    /// The last eight bytes, after the records: a file cut short lacks them.
    static let trailer: [UInt8] = Array("mtdsend".utf8) + [1]

    /// A file's bytes: `magic`, `offset` (64-bit), a JSON header (topic, partition, written,
    /// records) with its length, each record as the lengths and bytes of its key, value and
    /// packed headers, and `trailer`. Integers are little-endian, lengths 32-bit. The offset
    /// comes first so that it can be checked against the changelog before the rest is read.
    public var bytes: [UInt8] {
        let header: JSONObject = [
            "topic": .string(changelog.topic), "partition": .int(Int64(changelog.partition)), "written": .int(written),
            "records": .int(Int64(records.count)),
        ]
        let headerBytes = JSONWriter.bytes(.object(header))
        var size = Self.prefixCount + 4 + headerBytes.count + Self.trailer.count
        for record in records { size += 12 + (record.key?.count ?? 0) + record.value.count + record.headers.packedCount }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        out += Self.magic
        withUnsafeBytes(of: offset.littleEndian) { out.append(contentsOf: $0) }
        Self.append(headerBytes, to: &out)
        for record in records {
            Self.append(record.key ?? [], to: &out)
            Self.append(record.value, to: &out)
            record.headers.withPackedBytes { packed in
                Self.append(UInt32(packed.count), to: &out)
                out.append(contentsOf: packed)
            }
        }
        out += Self.trailer
        return out
    }

    /// Reads a file's `bytes`; throws `PartitionSnapshot.FormatError` naming what is wrong.
    public init(bytes: [UInt8]) throws(FormatError) {
        let offset = try Self.offset(prefix: bytes)
        var reader = Reader(bytes: bytes, position: Self.prefixCount)
        let document: JSONValue
        do {
            document = try JSONParser().parse(Array(try reader.chunk()))
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError("its header is not JSON: \(error)")
        }
        guard let topic = document["topic"]?.stringValue, let partition = document["partition"]?.intValue, let written = document["written"]?.intValue, let count = document["records"]?.intValue, count >= 0,
            let partitionNumber = Int32(exactly: partition)
        else { throw FormatError("its header lacks topic, partition, written or records") }
        var records: [EventMessage] = []
        records.reserveCapacity(Int(min(count, Int64(bytes.count / 12))))
        for index in 0..<count {
            let key = Array(try reader.chunk())
            let value = Array(try reader.chunk())
            let packed = try reader.chunk()
            guard let headers = packed.withUnsafeBytes({ MessageHeaders(packed: $0) }) else {
                throw FormatError("the headers of record \(index) are not packed headers")
            }
            records.append(EventMessage(key: key, value: value, headers: headers))
        }
        guard try reader.take(Self.trailer.count) == Self.trailer[...], reader.isAtEnd else {
            throw FormatError("it does not end after its \(count) records")
        }
        self.init(changelog: KafkaTopicPartition(topic: topic, partition: partitionNumber), offset: offset, written: written, records: records)
    }

    /// How many bytes `offset(prefix:)` needs: the magic and the offset.
    static let prefixCount = 16

    /// The offset a snapshot stands for, from the first `prefixCount` bytes of its file.
    static func offset(prefix bytes: [UInt8]) throws(FormatError) -> Int64 {
        guard bytes.count >= prefixCount else { throw FormatError("it is cut short at byte \(bytes.count) of at least \(prefixCount)") }
        guard bytes[..<magic.count].elementsEqual(magic) else { throw FormatError("it is not a snapshot of this format (its first bytes differ)") }
        return bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: magic.count, as: Int64.self)) }
    }

    /// Why the bytes of a snapshot file could not be read.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ chunk: [UInt8], to out: inout [UInt8]) {
        append(UInt32(chunk.count), to: &out)
        out += chunk
    }

    /// Reads a snapshot's bytes front to back.
    private struct Reader {
        let bytes: [UInt8]
        var position: Int

        var isAtEnd: Bool { position == bytes.count }

        mutating func take(_ count: Int) throws(FormatError) -> ArraySlice<UInt8> {
            guard count <= bytes.count - position else { throw FormatError("it is cut short at byte \(position) of \(bytes.count)") }
            defer { position += count }
            return bytes[position..<position + count]
        }

        /// A length, then that many bytes.
        mutating func chunk() throws(FormatError) -> ArraySlice<UInt8> {
            let length = try take(4).withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
            return try take(Int(length))
        }
    }
}

extension MessageHeaders {
    /// How many bytes the headers take packed.
    var packedCount: Int { withPackedBytes { $0.count } }
}
