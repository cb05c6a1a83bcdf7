import Events
import Lifecycle

/// The answers of the status API, over any `StatusSource`: the HTTP routes, the status
/// page and `maintenanced get --from-changelog` all answer through these, so they agree.
public struct StatusQueries: Sendable {
    /// Where the states come from.
    public let source: any StatusSource

    /// Queries over `source`.
    public init(source: any StatusSource) { self.source = source }

    /// `GET /v1/servers/{id}`: the server's view with its recent transitions.
    public func server(_ id: String, now: Instant, transitions: Int = 20) async throws(StatusError) -> JSONValue {
        let parts = await source.parts(of: id)
        if parts.isEmpty {
            if !parts.unavailable.isEmpty {
                throw .unavailable("server \(id): " + parts.unavailable.sorted { $0.key < $1.key }.map { "\($0.key.rawValue): \($0.value)" }.joined(separator: "; "))
            }
            throw .notFound("no server \(id) in scheduler.state, power.state or update.state")
        }
        var object = ServerStatusView(parts, settings: source.settings, now: now).json.objectValue ?? JSONObject()
        object["transitions"] = .array(await source.transitions(server: id, limit: transitions).map(\.json))
        return .object(object)
    }

    /// The views of every server matching `query` (all of them, sorted: stuck first, then by id
    /// in `IdentifierOrder`).
    public func views(_ query: ServerQuery, now: Instant) async -> (views: [ServerStatusView], unavailable: [StatusState: String]) {
        var settings = source.settings
        if let after = query.stuckAfter { settings.stuck.after = after }
        let (all, unavailable) = await source.allParts()
        let views = all.map { ServerStatusView($0, settings: settings, now: now) }.filter(query.matches)
        return (
            views.sorted { $0.isStuck != $1.isStuck ? $0.isStuck : IdentifierOrder.precedes($0.id, $1.id) }, unavailable
        )
    }

    /// `GET /v1/servers?…`: one page of the servers matching `query`.
    public func servers(_ query: ServerQuery, now: Instant) async -> JSONValue {
        let (views, unavailable) = await self.views(query, now: now)
        let page = views.dropFirst(query.offset).prefix(query.limit)
        let next = query.offset + page.count
        var object: JSONObject = [
            "servers": .array(page.map(\.json)), "total": .int(Int64(views.count)), "offset": .int(Int64(query.offset)),
            "limit": .int(Int64(query.limit)), "next": next < views.count ? .int(Int64(next)) : .null,
            "stuckAfter": .string(StatusText.span((query.stuckAfter ?? source.settings.stuck.after).value)),
        ]
        if !unavailable.isEmpty { object["unavailable"] = Self.json(unavailable) }
        return .object(object)
    }

    /// `GET /v1/clusters`.
    public func clusters() async -> JSONValue {
        let (clusters, unavailable) = await source.rollouts()
        var object: JSONObject = ["clusters": .array(clusters.sorted { IdentifierOrder.precedes($0.id, $1.id) }.map(\.json))]
        if !unavailable.isEmpty { object["unavailable"] = Self.json(unavailable) }
        return .object(object)
    }

    /// `GET /v1/clusters/{id}`.
    public func cluster(_ id: String) async throws(StatusError) -> JSONValue {
        let (clusters, unavailable) = await source.rollouts()
        if let cluster = clusters.first(where: { $0.id == id }) { return cluster.json }
        if !unavailable.isEmpty { throw .unavailable("cluster \(id): rollout.state could not be read in full") }
        throw .notFound("no cluster \(id) in rollout.state")
    }

    /// `GET /v1/transitions`: the latest transitions of the fleet.
    public func transitions(limit: Int) async -> JSONValue {
        ["transitions": .array(await source.transitions(server: nil, limit: limit).map(\.json))]
    }

    static func json(_ unavailable: [StatusState: String]) -> JSONValue {
        .object(JSONObject(unavailable.sorted { $0.key < $1.key }.map { ($0.key.rawValue, JSONValue.string($0.value)) }))
    }
}
