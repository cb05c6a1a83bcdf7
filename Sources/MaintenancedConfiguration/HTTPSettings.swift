/// The HTTP endpoint of the service: `/healthz`, `/readyz`, `/metrics`, the status page and
/// the status API (docs/API.md).
public struct HTTPSettings: Sendable, Hashable, Decodable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on (1–65535), or 0 for a free port the system picks (printed as `http=HOST:PORT`).
    public var port: Int

    /// Settings listening on `host:port`; by default every address, port 8080.
    public init(host: String = "0.0.0.0", port: Int = 8080) {
        self.host = host
        self.port = port
    }

    /// Whether `host` is a wildcard (`0.0.0.0`, `::`, empty): the service listens on every
    /// address, and no one of them names it to others or to a client on its host.
    public var bindsEveryAddress: Bool { ["0.0.0.0", "::", ""].contains(host) }

    enum CodingKeys: String, CodingKey, CaseIterable { case host, port }

    public init(from decoder: any Decoder) throws {
        let defaults = HTTPSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(forKey: .host, default: defaults.host)
        port = try container.decode(forKey: .port, default: defaults.port)
    }
}
