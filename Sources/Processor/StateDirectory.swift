import Glibc
import Kafka

/// A local directory where an instance leaves, when it stops gracefully, a snapshot of each
/// changelog partition it held (`PartitionSnapshot`), so that the instance started after it
/// restores those partitions from the file and reads only the changelog written since,
/// instead of the whole changelog (Kafka Streams' state directory and checkpoint file).
///
/// A snapshot is taken once: reading it removes the file, so one that was used is never
/// used again, and the next graceful stop writes a new one. The directory is an
/// optimisation only: without it, or with a file missing, unreadable or not matching the
/// changelog, the changelog is read whole, as always.
public struct StateDirectory: Sendable, Hashable {
    /// The directory's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Why a snapshot could not be written or read.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Creates the directory if it is missing and checks that a file can be made in it:
    /// at start-up, so that a wrong path stops the start with a message instead of the
    /// first graceful stop writing nothing. Removes the temporary files of writes (and the
    /// probes of such checks) that a process killed in the middle left behind (those of a
    /// process still running stay: instances may share the directory). Returns how many it removed.
    @discardableResult
    public func prepare() throws(Failure) -> Int {
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw failure(path, "cannot create it") }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { throw Failure(path: path, reason: "is not a directory") }
        // Tried, not asked of `access()`, which tells root that anything is writable.
        // A name no other process uses (its pid), made only if it is not there.
        let probe = "\(path)/.maintenanced-check.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        let file = open(probe, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard file >= 0 else { throw failure(path, "cannot write in it") }
        close(file)
        unlink(probe)
        guard let directory = opendir(path) else { return 0 }
        defer { closedir(directory) }
        var removed = 0
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let pid = Self.writer(ofTemporary: name), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink("\(path)/\(name)") == 0 { removed += 1 }
        }
        return removed
    }

    /// The process that writes `name`, when it is the temporary file of a write
    /// (`<file>.<pid>.<random>.tmp`) or the probe of a check that the directory can be
    /// written in (`.maintenanced-check.<pid>.<random>`, by `prepare` or `config check`).
    public static func writer(ofTemporary name: String) -> pid_t? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts[0].isEmpty, parts[1] == "maintenanced-check", UInt32(parts[3]) != nil { return pid_t(parts[2]) }
        guard parts.count >= 4, parts.last == "tmp", parts[parts.count - 4].hasSuffix("snapshot") else { return nil }
        return pid_t(parts[parts.count - 3])
    }

    /// The file of `changelog`'s snapshot.
    public func file(of changelog: KafkaTopicPartition) -> String {
        "\(path)/\(changelog.topic)-\(changelog.partition).snapshot"
    }

    /// Writes `snapshot` to its file, whole or not at all: to a file of its own first,
    /// flushed to the disk, then renamed over the old one.
    public func write(_ snapshot: PartitionSnapshot) throws(Failure) {
        let target = file(of: snapshot.changelog)
        let temporary = "\(target).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let bytes = snapshot.bytes
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(temporary, "cannot create it") }
        var written = 0
        let ok = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                written += count
            }
            return fsync(descriptor) == 0
        }
        let error = failure(temporary, "cannot write it")
        close(descriptor)
        guard ok else {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let error = failure(target, "cannot rename \(temporary) to it")
            unlink(temporary)
            throw error
        }
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// The offset `changelog`'s snapshot stands for, read from the start of its file; nil
    /// when there is none. Throws when the file cannot be read or is not a snapshot.
    public func offset(of changelog: KafkaTopicPartition) throws(Failure) -> Int64? {
        let target = file(of: changelog)
        guard let descriptor = try openForReading(target) else { return nil }
        defer { close(descriptor) }
        let count = PartitionSnapshot.prefixCount
        var read = 0
        let prefix = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            read = pread(descriptor, buffer.baseAddress!, count, 0)
            initialized = max(0, read)
        }
        guard read >= 0 else { throw failure(target, "cannot read it") }
        do {
            return try PartitionSnapshot.offset(prefix: prefix)
        } catch {
            throw Failure(path: target, reason: "\(error)")
        }
    }

    /// Removes `changelog`'s snapshot, if there is one.
    public func discard(_ changelog: KafkaTopicPartition) {
        unlink(file(of: changelog))
    }

    /// Reads `changelog`'s snapshot and removes its file; nil when there is none. Throws when
    /// the file cannot be read or is not a snapshot of `changelog` (it is removed all the same).
    public func take(_ changelog: KafkaTopicPartition) throws(Failure) -> PartitionSnapshot? {
        let target = file(of: changelog)
        guard let descriptor = try openForReading(target) else { return nil }
        defer { unlink(target) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let error = failure(target, "cannot read its size")
            close(descriptor)
            throw error
        }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            while count < size {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if read < 0, errno == EINTR { continue }
                guard read > 0 else {
                    complete = false
                    return
                }
                count += read
            }
        }
        close(descriptor)
        guard complete else { throw Failure(path: target, reason: "it could not be read whole") }
        let snapshot: PartitionSnapshot
        do {
            snapshot = try PartitionSnapshot(bytes: bytes)
        } catch {
            throw Failure(path: target, reason: "\(error)")
        }
        guard snapshot.changelog == changelog else {
            throw Failure(path: target, reason: "it is a snapshot of \(snapshot.changelog), not of \(changelog)")
        }
        return snapshot
    }

    /// A descriptor of `path` open for reading; nil when there is no such file.
    private func openForReading(_ path: String) throws(Failure) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw failure(path, "cannot open it")
        }
        return descriptor
    }

    private func failure(_ path: String, _ what: String) -> Failure {
        Failure(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}
