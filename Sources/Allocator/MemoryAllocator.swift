import CJemalloc

#if canImport(Glibc)
import Glibc
#endif

/// The allocator behind this process's `malloc`.
///
/// The service's executables link jemalloc through this target: linked ahead of the C
/// library, it serves every `malloc` of the process, librdkafka's and the Swift runtime's
/// included. glibc's allocator spent about a quarter of a role's CPU on each batch's
/// short-lived buffers (arena locks, consolidating free chunks, returning pages and faulting
/// them in again); with jemalloc a role's CPU per event fell by a third (BENCHMARKS.md,
/// session 16). `current` says which one a process got, for its start-up log and the
/// benchmark's record.
public struct MemoryAllocator: Sendable, Hashable, CustomStringConvertible {
    /// `jemalloc`, `glibc`, or `unknown` (another library's `malloc`).
    public let name: String
    /// jemalloc's version, when it is jemalloc.
    public let version: String?

    /// The allocator of this process, found once.
    public static let current = MemoryAllocator.find()

    /// Whether jemalloc serves `malloc`.
    public var isJemalloc: Bool { name == "jemalloc" }

    public var description: String { version.map { "\(name) \($0)" } ?? name }

    /// The bytes the process holds allocated through jemalloc now (its `stats.allocated`,
    /// refreshed first); nil when jemalloc does not serve `malloc` or keeps no statistics.
    public static func allocatedBytes() -> Int? {
        guard current.isJemalloc else { return nil }
        // Writing the epoch refreshes the statistics jemalloc reports.
        var epoch: UInt64 = 1
        guard mallctl("epoch", nil, nil, &epoch, MemoryLayout<UInt64>.size) == 0 else { return nil }
        var allocated = 0
        var size = MemoryLayout<Int>.size
        guard mallctl("stats.allocated", &allocated, &size, nil, 0) == 0 else { return nil }
        return allocated
    }

    /// Which library's `malloc` the executable's calls resolve to (the global lookup starts at
    /// the executable, then its libraries in link order): jemalloc's, glibc's, or another.
    static func find() -> MemoryAllocator {
        guard let program = dlopen(nil, RTLD_NOW), let malloc = dlsym(program, "malloc") else {
            return MemoryAllocator(name: "unknown", version: nil)
        }
        func defines(_ library: String) -> Bool {
            guard let handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD) else { return false }
            defer { dlclose(handle) }
            return dlsym(handle, "malloc") == malloc
        }
        if defines("libjemalloc.so.2") {
            var version: UnsafePointer<CChar>?
            var size = MemoryLayout<UnsafePointer<CChar>?>.size
            let known = mallctl("version", &version, &size, nil, 0) == 0 ? version.map { String(cString: $0) } : nil
            return MemoryAllocator(name: "jemalloc", version: known)
        }
        return MemoryAllocator(name: defines("libc.so.6") ? "glibc" : "unknown", version: nil)
    }
}
