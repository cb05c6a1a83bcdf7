#if canImport(Glibc)
import Glibc
#endif

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`), for the embedded cluster.
///
/// A cluster in this process holds both ends of every connection its clients here make, and
/// each client has a wakeup pipe per broker thread: a test process with many clusters at once
/// uses well over a thousand descriptors, past the soft limit many machines start with (1024,
/// systemd's default, whose hard limit is far higher). librdkafka 2.0.2's mock then fails to
/// open a broker's listener and aborts the whole process on an assertion instead of failing.
/// So the soft limit is raised to the hard one once per process (as Go's runtime does for every
/// program), and a cluster is not started where its listeners could not be opened.
struct OpenFileLimit: Sendable, Equatable {
    /// The limit opening a descriptor fails at (`EMFILE`).
    var soft: UInt64
    /// The most an unprivileged process may raise `soft` to.
    var hard: UInt64

    /// The process's limit now, nil where it cannot be read.
    static var current: OpenFileLimit? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return OpenFileLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// The limit before and after raising its soft part to the hard one, done on first use; nil
    /// where the limit cannot be read or set. Later uses return the first one's answer.
    static let raisedOnce: (before: OpenFileLimit, after: OpenFileLimit)? = {
        guard let before = current else { return nil }
        guard before.soft < before.hard else { return (before, before) }
        var limit = rlimit(rlim_cur: rlim_t(before.hard), rlim_max: rlim_t(before.hard))
        guard setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, let after = current else { return nil }
        return (before, after)
    }()

    /// How many descriptors the process has open (the entries of /proc/self/fd), nil where that
    /// cannot be listed.
    static var openDescriptors: Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { name in name[0] == UInt8(ascii: ".") }
            if !isDot { count += 1 }
        }
        // The listing's own descriptor is one of them.
        return count - 1
    }

    /// The descriptors a cluster of `brokers` needs to start: a listener per broker, the mock's
    /// wakeup pipe and its host handle's pipes and queues, with room for the clients' first
    /// connections. A conservative count, not librdkafka's exact one.
    static func neededToStart(brokers: Int) -> Int { 16 + 4 * brokers }

    /// Why a cluster of `brokers` cannot start in this process, or nil if it can: with fewer free
    /// descriptors than `neededToStart`, librdkafka's mock would abort the process.
    static func shortage(brokers: Int, limit: OpenFileLimit?, open: Int?) -> String? {
        guard let limit, let open, limit.soft <= UInt64(Int.max) else { return nil }
        let free = Int(limit.soft) - open
        let needed = neededToStart(brokers: brokers)
        guard free < needed else { return nil }
        return "too few file descriptors for an embedded cluster of \(brokers) broker(s): \(open) of the process's "
            + "limit of \(limit.soft) are open (hard limit \(limit.hard)), it needs at least \(needed) more; "
            + "raise the limit (ulimit -n) or run fewer clusters in this process"
    }
}
