import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A look at a process's threads in /proc: per thread its name, its context switches
/// (voluntary + involuntary: each one a wake-up or a preemption) and its CPU time.
public struct ProcessUsage: Sendable {
    /// One thread.
    public struct Thread: Sendable {
        public var name: String
        /// Voluntary + involuntary context switches so far.
        public var switches: Int
        /// CPU time so far, nanoseconds (`schedstat`).
        public var cpuNanoseconds: Int
    }

    /// The process's CPU time (user + system, all threads, ended ones included), seconds.
    public var cpuSeconds: Double
    /// The threads alive at the look, by thread id.
    public var threads: [Int32: Thread]
    /// When the look was taken.
    public var instant: ContinuousClock.Instant

    /// Looks at process `pid` now.
    public init(pid: Int32) {
        instant = .now
        cpuSeconds = Self.cpuSeconds(pid: pid) ?? 0
        var threads: [Int32: Thread] = [:]
        let directory = "/proc/\(pid)/task"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            guard let tid = Int32(entry), let status = Self.read("\(directory)/\(entry)/status") else { continue }
            var switches = 0
            for line in status.split(separator: "\n") where line.hasPrefix("voluntary_ctxt_switches") || line.hasPrefix("nonvoluntary_ctxt_switches") {
                switches += Int(line.split(separator: "\t").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
            }
            let name = Self.read("\(directory)/\(entry)/comm")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
            let cpu = Self.read("\(directory)/\(entry)/schedstat")?.split(separator: " ").first.flatMap { Int($0) } ?? 0
            threads[tid] = Thread(name: name, switches: switches, cpuNanoseconds: cpu)
        }
        self.threads = threads
    }

    /// The CPU time (user + system) process `pid` has used, seconds; nil if it cannot be read.
    public static func cpuSeconds(pid: Int32) -> Double? {
        guard let stat = read("/proc/\(pid)/stat"), let end = stat.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
