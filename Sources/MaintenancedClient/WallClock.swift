#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock milliseconds since the Unix epoch: the time a role's sequencer appends a
/// record at, or of an event a client of the service sends.
public func wallClockMilliseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}
