import Events
import FleetStatus
import Hummingbird
import HummingbirdTesting
import Lifecycle
import Logging
import MaintenancedConfiguration
import Prometheus
import Testing

@testable import Observability

@Suite("The status routes: the page at /, the read-only API under /v1/")
struct StatusRoutesTests {
    static let now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    /// Ids that need escaping in a URL (the last one is waited for, so the page links to it).
    static let escapedIDs = ["srv%41", "srvA", "sérvér ü", "a?b+c&d=e", "..", "rack1/s#1 x"]

    private func server() -> ObservabilityServer {
        let later = Instant(millisecondsSinceEpoch: Self.now.millisecondsSinceEpoch + 120_000)
        func waiting(since: Instant) -> MaintenanceScheduler {
            var scheduler = MaintenanceScheduler(power: .on)
            _ = scheduler.handle(.maintenanceRequested(MaintenanceRequest(id: MaintenanceID(namespace: "ops", name: "bios"), type: "BIOSUpdate")), at: since)
            return scheduler
        }
        var rollout = ClusterRollout()
        _ = rollout.handle(.request(member: "server-1"), at: Self.now)
        var schedulers = ["server-1": waiting(since: Self.now), "server-2": MaintenanceScheduler()]
        for id in Self.escapedIDs { schedulers[id] = id == Self.escapedIDs.last ? waiting(since: later) : MaintenanceScheduler() }
        let source = SnapshotStatusSource(
            settings: StatusSettings(stuck: StuckRule(after: .seconds(60))), scheduler: schedulers, rollout: ["cluster-a": rollout], origin: "test")
        return ObservabilityServer(
            settings: HTTPSettings(host: "127.0.0.1", port: 0), health: ServiceHealth(roles: [.scheduler]),
            metrics: ServiceMetrics(registry: PrometheusCollectorRegistry()),
            status: StatusEndpoints(queries: StatusQueries(source: source), localStates: { _, _ in nil }, clock: { later }),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    private func json(_ response: TestResponse) throws -> JSONValue { try JSONParser().parse(String(buffer: response.body)) }

    @Test("a server, the stuck list and a cluster answer 200 with JSON; the page shows the stuck server with its wait")
    func answers() async throws {
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/v1/servers/server-1", method: .get) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/json")
                let body = try json(response)
                #expect(body["stuck"] == true && body["waits"]?.arrayValue?.first?["role"] == "scheduler")
            }
            try await client.execute(uri: "/v1/servers?stuck=true", method: .get) { response in
                let body = try json(response)
                #expect(body["servers"]?.arrayValue?.map { $0["id"] } == ["server-1"] && body["total"] == 1)
            }
            try await client.execute(uri: "/v1/clusters/cluster-a", method: .get) { response in
                let body = try json(response)
                #expect(body["holders"] == ["server-1"])
            }
            try await client.execute(uri: "/", method: .get) { response in
                let page = String(buffer: response.body)
                #expect(response.status == .ok && response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.contains("<tr class=\"stuck\" data-server=\"server-1\">") && page.contains("data-role=\"scheduler\""))
                #expect(page.contains("<script>") && page.contains("data-cluster=\"cluster-a\""))
            }
            try await client.execute(uri: "/?fragment=1", method: .get) { response in
                #expect(!String(buffer: response.body).contains("<html"))
            }
        }
    }

    @Test("ids that need escaping: the encoded id finds its server, a %XX typed by hand is decoded, the page links to the encoded path, malformed escapes are a 400")
    func escapedIDs() async throws {
        try await server().makeApplication().test(.router) { client in
            for id in Self.escapedIDs {
                for uri in ["/v1/servers/" + PercentEncoding.encode(id), "/v1/local/scheduler/" + PercentEncoding.encode(id)] {
                    try await client.execute(uri: uri, method: .get) { response in
                        let body = try json(response)
                        #expect(response.status == (uri.hasPrefix("/v1/local/") ? .notFound : .ok), "\(uri)")  // the snapshot has no local states
                        if response.status == .ok { #expect(body["id"]?.stringValue == id, "\(uri)") }
                    }
                }
            }
            // As a URL means it: srv%41 is srvA; srv%2541 is srv%41; %2F is a / inside the id.
            for (uri, id) in [("/v1/servers/srv%41", "srvA"), ("/v1/servers/srv%2541", "srv%41"), ("/v1/servers/rack1%2fs%231%20x", "rack1/s#1 x")] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = try json(response)
                    #expect(response.status == .ok && body["id"]?.stringValue == id, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/servers/rack1/s", method: .get) { response in
                let body = try json(response)
                #expect(response.status == .notFound && body["error"] == "not found")
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("<a href=\"/v1/servers/rack1%2Fs%231%20x\">rack1/s#1 x</a>"))
            }
            for uri in ["/v1/servers/srv%4", "/v1/servers/%FF", "/v1/clusters/100%"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let body = try json(response)
                    #expect(response.status == .badRequest && body["message"]?.stringValue?.contains("percent-encoded") == true, "\(uri)")
                }
            }
        }
    }

    @Test("an unknown server or cluster is a 404 with a JSON error; a malformed query a 400 naming the parameter")
    func errors() async throws {
        try await server().makeApplication().test(.router) { client in
            for uri in ["/v1/servers/server-9", "/v1/clusters/cluster-z", "/v1/nothing"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    let body = try json(response)
                    #expect(body["error"] == "not found", "\(uri)")
                }
            }
            for (uri, parameter) in [
                ("/v1/servers?limit=0", "limit"), ("/v1/servers?stuck=maybe", "stuck"), ("/v1/servers?waiting=coffee", "waiting"),
                ("/v1/servers?colour=red", "colour"), ("/v1/servers/server-1?x=1", "x"), ("/v1/servers?state=bogus", "state"),
                ("/v1/servers?state=Ready&state=Pending", "state"), ("/v1/transitions?limit=0", "limit"), ("/v1/transitions?limit=5&limit=5", "limit"),
                ("/v1/transitions?x=1", "x"),
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let body = try json(response)
                    #expect(body["error"] == "bad request" && body["parameter"]?.stringValue == parameter, "\(uri)")
                }
            }
            try await client.execute(uri: "/v1/servers?state=Ready%20(UPDATING)&waiting=scheduler", method: .get) { response in
                let body = try json(response)
                #expect(response.status == .ok && body["total"] == 0)
            }
            try await client.execute(uri: "/?stuckAfter=soon", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test("an unknown path is a JSON 404 whatever the method; a known path asked with another method than GET or HEAD a JSON 405 with Allow; HEAD answers as GET without a body")
    func unknownPathsAndMethods() async throws {
        try await server().makeApplication().test(.router) { client in
            for (uri, method) in [("/nope", HTTPRequest.Method.get), ("/v1/nothing", .get), ("/v1/servers/a/b", .get), ("/nope", .post), ("/v1/local", .delete)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .notFound && response.headers[.contentType] == "application/json", "\(method) \(uri)")
                    let body = try json(response)
                    #expect(body["error"] == "not found" && body["message"]?.stringValue == "no such path \(uri) (see docs/API.md)", "\(method) \(uri)")
                    #expect(response.headers[.allow] == nil, "\(method) \(uri)")
                }
            }
            for (uri, method) in [
                ("/v1/servers", HTTPRequest.Method.post), ("/v1/servers/server-1", .delete), ("/v1/clusters", .put), ("/", .post),
                ("/healthz", .post), ("/metrics", .patch), ("/v1/local/power/server-1", .options),
            ] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD", "\(method) \(uri)")
                    let body = try json(response)
                    #expect(body["error"] == "method not allowed" && body["allowed"] == ["GET", "HEAD"], "\(method) \(uri)")
                    #expect(body["message"]?.stringValue == "\(method.rawValue) \(uri): this path answers only GET and HEAD", "\(method) \(uri)")
                }
            }
            try await client.execute(uri: "/v1/servers", method: .head) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "application/json" && response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/nope", method: .head) { response in
                #expect(response.status == .notFound && response.body.readableBytes == 0)
            }
        }
    }
}
