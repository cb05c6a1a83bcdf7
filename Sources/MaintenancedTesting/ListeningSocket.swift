import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A TCP socket listening on loopback at a port the system picked, to hold a port
/// another server then cannot take, or to answer one request, or every one, with a fixed
/// response (a peer that says what a test needs it to). Closed when released.
public final class ListeningSocket: Sendable {
    /// The port it holds.
    public let port: Int
    private let descriptor: Int32

    /// Listens on 127.0.0.1 at a free port; nil when the system refuses.
    public init?() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else {
            Glibc.close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Accepts one connection on a thread of its own, reads the request's head, writes
    /// `response` (a whole HTTP response, say) and closes the connection.
    public func answerOnce(with response: String) {
        let descriptor = self.descriptor
        let bytes = Array(response.utf8)
        let thread = Thread { _ = Self.answer(descriptor, with: bytes) }
        thread.start()
    }

    /// Answers every connection as `answerOnce(with:)` does, on a thread of its own, until released.
    public func answerEvery(with response: String) {
        let descriptor = self.descriptor
        let bytes = Array(response.utf8)
        let thread = Thread {
            while Self.answer(descriptor, with: bytes) {}
        }
        thread.start()
    }

    /// Accepts one connection, reads the request's head, writes `bytes` and closes it; false once
    /// the socket no longer accepts (released).
    private static func answer(_ descriptor: Int32, with bytes: [UInt8]) -> Bool {
        // A signal to the test process (a child's SIGCHLD) interrupts the calls: go on with them,
        // or the answer goes out before the request is read and the client finds the socket closed.
        var connection: Int32
        repeat { connection = accept(descriptor, nil, nil) } while connection < 0 && errno == EINTR
        guard connection >= 0 else { return false }
        defer { Glibc.close(connection) }
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.suffix(4).elementsEqual("\r\n\r\n".utf8) {
            let count = read(connection, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            request += buffer[0..<count]
        }
        _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        return true
    }

    deinit {
        // Wakes a thread blocked in accept.
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
    }
}
