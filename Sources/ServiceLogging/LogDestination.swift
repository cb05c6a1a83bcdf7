#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: standard error (the default, so that standard output
/// stays for a command's data), standard output, or a function (for tests).
public struct LogDestination: Sendable {
    enum Target: Sendable {
        case descriptor(Int32)
        case sink(@Sendable (String) -> Void)
    }

    let target: Target
    /// Whether the destination is a terminal, which makes `auto` choose text.
    public let isTerminal: Bool

    /// Standard error.
    public static var standardError: LogDestination { descriptor(STDERR_FILENO) }
    /// Standard output.
    public static var standardOutput: LogDestination { descriptor(STDOUT_FILENO) }

    /// A function that receives each line, without its newline.
    public static func sink(isTerminal: Bool = false, _ write: @escaping @Sendable (String) -> Void) -> LogDestination {
        LogDestination(target: .sink(write), isTerminal: isTerminal)
    }

    private static func descriptor(_ fd: Int32) -> LogDestination {
        LogDestination(target: .descriptor(fd), isTerminal: isatty(fd) == 1)
    }

    /// Writes one line and its newline in one call, so that lines of several
    /// threads do not interleave.
    func write(line: String) {
        switch target {
        case .sink(let write):
            write(line)
        case .descriptor(let fd):
            Self.write(line + "\n", to: fd)
        }
    }

    /// Writes all of `text` to `fd` (retrying short and interrupted writes), under the
    /// lock log lines take, so that text of several threads does not interleave.
    public static func write(_ text: String, to fd: Int32) {
        var text = text
        LogWriteLock.shared.withLock {
            text.withUTF8 { buffer in
                var rest = UnsafeRawBufferPointer(buffer)
                while !rest.isEmpty {
                    let written = systemWrite(fd, rest.baseAddress, rest.count)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { return }
                    rest = UnsafeRawBufferPointer(rebasing: rest[written...])
                }
            }
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
