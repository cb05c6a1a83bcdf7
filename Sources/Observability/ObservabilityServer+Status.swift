import Events
import FleetStatus
import Hummingbird
import Lifecycle
import NIOCore

extension ObservabilityServer {
    /// The status routes: the page at `/`, the read-only API under `/v1/` (docs/API.md).
    static func addStatusRoutes(to router: FallbackRouter<BasicRequestContext>, _ status: StatusEndpoints) {
        router.get("/") { request, _ -> Response in
            var stuckAfter: Milliseconds?
            var fragment = false
            for (name, value) in request.uri.queryParameters {
                switch name {
                case "fragment": fragment = true
                case "stuckAfter":
                    guard let span = StatusText.parseSpan(String(value)) else { return text("stuckAfter=\(value): expected a span like 90s, 5m or 2h\n", status: .badRequest) }
                    stuckAfter = Milliseconds(span)
                default: return text("unknown parameter \(name) (known: stuckAfter)\n", status: .badRequest)
                }
            }
            let now = status.clock()
            let query = ServerQuery(stuckAfter: stuckAfter)
            let (views, unavailable) = await status.queries.views(query, now: now)
            let (clusters, _) = await status.queries.source.rollouts()
            let transitions = await status.queries.source.transitions(server: nil, limit: 25)
            let page = StatusPage(
                servers: views, clusters: clusters, transitions: transitions, unavailable: unavailable, now: now,
                stuckAfter: stuckAfter ?? status.queries.source.settings.stuck.after)
            return text(fragment ? page.content : page.html, status: .ok, contentType: "text/html; charset=utf-8")
        }
        router.get("v1/servers") { request, _ -> Response in
            do throws(StatusError) {
                let query = try ServerQuery(parameters: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
                return json(await status.queries.servers(query, now: status.clock()))
            } catch {
                return error.response
            }
        }
        router.get("v1/servers/:id") { request, context -> Response in
            do throws(StatusError) {
                try noParameters(request)
                return json(try await status.queries.server(try segment("id", of: context), now: status.clock()))
            } catch {
                return error.response
            }
        }
        router.get("v1/clusters") { request, _ -> Response in
            do throws(StatusError) {
                try noParameters(request)
                return json(await status.queries.clusters())
            } catch {
                return error.response
            }
        }
        router.get("v1/clusters/:id") { request, context -> Response in
            do throws(StatusError) {
                try noParameters(request)
                return json(try await status.queries.cluster(try segment("id", of: context)))
            } catch {
                return error.response
            }
        }
        router.get("v1/transitions") { request, _ -> Response in
            var limit: Int?
            for (name, value) in request.uri.queryParameters {
                guard name == "limit" else {
                    return StatusError.badRequest("unknown parameter \(name) (known: limit)", parameter: String(name)).response
                }
                guard limit == nil else { return StatusError.badRequest("limit given twice", parameter: "limit").response }
                guard let number = Int(value), (1...1000).contains(number) else {
                    return StatusError.badRequest("limit=\(value): expected 1 to 1000", parameter: "limit").response
                }
                limit = number
            }
            return json(await status.queries.transitions(limit: limit ?? 50))
        }
        router.get("v1/local/:kind") { request, context -> Response in
            local(request, context, withKey: false, status)
        }
        router.get("v1/local/:kind/:key") { request, context -> Response in
            local(request, context, withKey: true, status)
        }
    }

    private static func local(_ request: Request, _ context: BasicRequestContext, withKey: Bool, _ status: StatusEndpoints) -> Response {
        do throws(StatusError) {
            try noParameters(request)
            guard let kind = StatusState(rawValue: try segment("kind", of: context)) else {
                throw .badRequest("expected /v1/local/scheduler|power|update|rollout[/KEY]", parameter: nil)
            }
            guard let states = status.localStates(kind, withKey ? try segment("key", of: context) : nil) else {
                throw .notFound("this instance runs no \(kind.role) role")
            }
            return json(states)
        } catch {
            return error.response
        }
    }

    /// The route parameter `name`, percent-decoded (`PercentEncoding`: what `get` and the
    /// peers encode); a 400 when it is not percent-encoded UTF-8.
    private static func segment(_ name: String, of context: BasicRequestContext) throws(StatusError) -> String {
        let raw = context.parameters.get(name) ?? ""
        guard let decoded = PercentEncoding.decode(raw), !decoded.isEmpty else {
            throw .badRequest("\(name) \(raw): not percent-encoded UTF-8 (a % in an id is written %25)", parameter: nil)
        }
        return decoded
    }

    private static func noParameters(_ request: Request) throws(StatusError) {
        if let first = request.uri.queryParameters.first {
            throw .badRequest("unknown parameter \(first.key) (this resource takes none)", parameter: String(first.key))
        }
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(JSONWriter.string(value) + "\n", status: status, contentType: "application/json")
    }
}
