import Hummingbird
import MaintenancedConfiguration
import NIOCore

extension ObservabilityServer {
    /// The content type of the Prometheus text exposition format.
    static let prometheusContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The routes: `/healthz`, `/readyz`, `/metrics`, and with `status` the page at `/` and the API under `/v1/`;
    /// each answers `GET` and `HEAD`, anything else is a JSON 404 or 405 (`FallbackRouter`).
    func makeRouter() -> FallbackRouter<BasicRequestContext> {
        let router = FallbackRouter<BasicRequestContext>()
        let health = self.health
        let metrics = self.metrics
        router.get("healthz") { _, _ -> Response in
            let liveness = health.liveness
            return Self.text(liveness.alive ? "ok\n" : "not alive: \(liveness.reason ?? "unknown")\n",
                status: liveness.alive ? .ok : .serviceUnavailable)
        }
        router.get("readyz") { _, _ -> Response in
            Self.json(Self.readinessJSON(health), status: health.isReady ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ -> Response in
            Self.text(metrics.prometheusText(), status: .ok, contentType: Self.prometheusContentType)
        }
        if let status { Self.addStatusRoutes(to: router, status) }
        return router
    }

    /// `{"ready":false,"shuttingDown":false,"roles":{"power":{"joinedGroup":true,"partitionsRestored":false,"ready":false}}}`.
    static func readinessJSON(_ health: ServiceHealth) -> String {
        let roles = health.roles.sorted { $0.key.rawValue < $1.key.rawValue }.map { role, readiness in
            "\"\(role.rawValue)\":{\"joinedGroup\":\(readiness.joinedGroup),"
                + "\"partitionsRestored\":\(readiness.partitionsRestored),\"ready\":\(readiness.isReady)}"
        }
        return "{\"ready\":\(health.isReady),\"shuttingDown\":\(health.isShuttingDown),\"roles\":{\(roles.joined(separator: ","))}}\n"
    }

    static func text(_ body: String, status: HTTPResponse.Status, contentType: String = "text/plain; charset=utf-8")
        -> Response
    {
        Response(
            status: status,
            headers: [.contentType: contentType, .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }

    static func json(_ body: String, status: HTTPResponse.Status) -> Response {
        text(body, status: status, contentType: "application/json")
    }
}
