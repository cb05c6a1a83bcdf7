#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Whether the HTTP endpoint can listen where it is configured to, found by binding a socket
/// there (as the server will: SO_REUSEADDR) and closing it at once. A command asks before it
/// starts a broker, joins a group or reads state, so that a port another process holds stops
/// it in a moment with a message naming the address, not after the roles joined.
public enum ListenCheck {
    /// What keeps a server from listening on `host:port`, in words; nil when nothing does.
    /// Port 0 (the system picks one) is checked for the host alone.
    public static func problem(host: String, port: Int) -> String? {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let resolved = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &found)
        guard resolved == 0, let first = found else {
            return "cannot resolve \(host) (\(String(cString: gai_strerror(resolved))))"
        }
        defer { freeaddrinfo(first) }
        let socketFD = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard socketFD >= 0 else { return "cannot make a socket (\(String(cString: strerror(errno))))" }
        defer { close(socketFD) }
        var one: Int32 = 1
        _ = setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(socketFD, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return reason(errno) }
        return nil
    }

    /// `errno` of a failed bind, in words a user acts on.
    public static func reason(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: "the address is already in use (another process listens there: another maintenanced?)"
        case EADDRNOTAVAIL: "no network interface of this machine has that address"
        case EACCES: "permission denied (a port below 1024 needs privileges)"
        default: String(cString: strerror(code))
        }
    }
}
