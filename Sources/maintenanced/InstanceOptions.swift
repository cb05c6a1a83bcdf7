import ArgumentParser
import Foundation
import MaintenancedConfiguration

/// Which running instance a command asks: `--server`, `$MAINTENANCED_SERVER`, or where the
/// configuration has an instance on this host listen.
struct InstanceOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "A running instance's HTTP address: HOST:PORT or http://HOST:PORT (default: $MAINTENANCED_SERVER, or where the configuration's http.port listens on this host: http://127.0.0.1:8080 unless changed).")
    var server: String?

    @Option(
        name: .shortAndLong,
        help: "The configuration: its http.host and http.port are the instance asked when --server and $MAINTENANCED_SERVER are not given; for get with --from-changelog, its timeouts and budgets apply (default: $MAINTENANCED_CONFIG, or built-in).")
    var config: String?

    func validate() throws {
        _ = try givenURL()
    }

    /// The base URL of the instance to ask: `--server`, else `$MAINTENANCED_SERVER`, else where
    /// the configuration (`--config`, `$MAINTENANCED_CONFIG`, the `MAINTENANCED_HTTP_*`
    /// variables) has an instance on this host listen. Bad configuration exits 78.
    func baseURL() throws -> String {
        if let given = try givenURL() { return given }
        let http: HTTPSettings
        do {
            http = try ConfigurationLoader(file: config).load().configuration.http
        } catch {
            throw CommandFailure(.configuration, command: "get", lines: error.problems.map { "\($0)" })
        }
        guard http.port != 0 else {
            throw CommandFailure(.usage, command: "get", "the configuration's http.port is 0 (any free port): --server names the instance to ask")
        }
        return Self.localURL(http)
    }

    /// `--server` or `$MAINTENANCED_SERVER` as a base URL, when one is given; a usage error
    /// when it is not an instance's address (`instanceURL(_:)`).
    func givenURL() throws(ValidationError) -> String? {
        if let server { return try Self.instanceURL(server, from: "--server ") }
        if let variable = ProcessInfo.processInfo.environment["MAINTENANCED_SERVER"], !variable.isEmpty {
            return try Self.instanceURL(variable, from: "MAINTENANCED_SERVER=")
        }
        return nil
    }

    /// Where an instance on this host with `http` listens: its host, or loopback when it binds
    /// every address.
    static func localURL(_ http: HTTPSettings) -> String {
        let host: String =
            if http.bindsEveryAddress {
                http.host == "::" ? "[::1]" : "127.0.0.1"
            } else {
                http.host.contains(":") ? "[\(http.host)]" : http.host
            }
        return "http://\(host):\(http.port)"
    }

    /// An instance's address as a base URL: `http://HOST[:PORT][/PREFIX]` as given (the scheme
    /// in any case), `HOST[:PORT]` meaning `http://HOST[:PORT]` (port 80 when none is given, as in
    /// any http:// URL); no trailing `/`. Another scheme is refused: the API is plain HTTP.
    /// `source` (`--server `, `MAINTENANCED_SERVER=`) precedes the address in the error.
    static func instanceURL(_ address: String, from source: String) throws(ValidationError) -> String {
        var url = address
        if let separator = url.range(of: "://") {
            let scheme = url[..<separator.lowerBound]
            guard scheme.lowercased() == "http" else {
                throw ValidationError("\(source)\(address): \(scheme):// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)")
            }
            url = "http://" + url[separator.upperBound...]
        } else {
            url = "http://" + url
        }
        while url.hasSuffix("/") { url.removeLast() }
        guard PeerClient.Target(url) != nil else { throw ValidationError("\(source)\(address): expected HOST:PORT or http://HOST:PORT") }
        return url
    }
}
