import Metrics
import Prometheus

/// Makes one Prometheus registry the process's `MetricsSystem`, so that
/// metrics recorded through swift-metrics by any library land in `/metrics`
/// beside the service's own.
public enum MetricsBootstrap {
    /// Bootstraps `MetricsSystem` with a Prometheus factory over a new registry
    /// (once per process) and returns the service's metrics over that registry.
    public static func bootstrap() -> ServiceMetrics {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return ServiceMetrics(registry: registry)
    }
}
