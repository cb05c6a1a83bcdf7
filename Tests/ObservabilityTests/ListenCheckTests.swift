import MaintenancedTesting
import Testing

@testable import Observability

@Suite("whether the HTTP endpoint can listen, asked before a command starts anything") struct ListenCheckTests {
    @Test("a port another socket listens on is in use, named so, and free again once it is closed; port 0 is free; an unknown host or address says so")
    func portsInUseAreFound() throws {
        let port: Int
        do {
            let held = try #require(ListeningSocket())
            port = held.port
            withExtendedLifetime(held) {
                #expect(ListenCheck.problem(host: "127.0.0.1", port: port)?.hasPrefix("the address is already in use") == true)
                // Every address includes loopback: the port is taken there too.
                #expect(ListenCheck.problem(host: "0.0.0.0", port: port)?.hasPrefix("the address is already in use") == true)
            }
        }
        #expect(ListenCheck.problem(host: "127.0.0.1", port: port) == nil)
        #expect(ListenCheck.problem(host: "127.0.0.1", port: 0) == nil)
        #expect(ListenCheck.problem(host: "no-such-host.invalid", port: 8080)?.hasPrefix("cannot resolve no-such-host.invalid") == true)
        #expect(ListenCheck.problem(host: "192.0.2.1", port: 8080) == "no network interface of this machine has that address")
    }
}
