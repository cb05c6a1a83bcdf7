#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ServiceLogging

/// Standard error as a `TextOutputStream`, for `print(_:to:)`; written like log lines
/// (whole, and not interleaved with them).
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        LogDestination.write(string, to: STDERR_FILENO)
    }
}
