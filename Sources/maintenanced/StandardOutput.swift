#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pushes buffered standard output to its reader now (a pipe is block-buffered otherwise).
/// `fflush(nil)` flushes every C stream without touching the global `stdout`.
func flushStandardOutput() {
    fflush(nil)
}
