import CoreMetrics
import Prometheus

/// Metrics for Prometheus through swift-metrics: Hummingbird's `MetricsMiddleware` counts requests, errors and
/// durations by route, method and status, and `/metrics` writes the registry in Prometheus's text format. Per process
/// and from zero on restart, as Prometheus expects.
public struct CordonMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let uptime: Prometheus.Gauge
    private let started = ContinuousClock.now

    /// The process's registry, made its metrics backend on first use. swift-metrics takes one backend per process, so
    /// every server of one process (tests build many) shares it.
    public static let process: CordonMetrics = {
        let metrics = CordonMetrics(registry: PrometheusCollectorRegistry())
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        return metrics
    }()

    private init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        uptime = registry.makeGauge(name: "cordon_uptime_seconds", help: "Seconds since this process started.")
    }

    func exposition() -> [UInt8] {
        uptime.set(Double((ContinuousClock.now - started).components.seconds))
        return registry.emitToBuffer()
    }
}
