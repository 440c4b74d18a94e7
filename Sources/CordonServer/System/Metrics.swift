import CoreMetrics
import Hummingbird
import Prometheus
import Synchronization

/// Metrics for Prometheus through swift-metrics: Hummingbird's `MetricsMiddleware` counts requests, errors and
/// durations by route and method, and `/metrics` writes the registry in Prometheus's text format. Per process and from
/// zero on restart, as Prometheus expects.
public struct CordonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let uptime: Prometheus.Gauge
    private let started = ContinuousClock.now

    /// A registry of its own, which `bootstrap` makes the process's metrics system.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        uptime = registry.makeGauge(name: "cordon_uptime_seconds", help: "Seconds since this process started.")
    }

    /// Makes this registry the process's metrics backend. swift-metrics allows this once per process; later calls do
    /// nothing, so every server of one process (tests build many) shares the first registry.
    @discardableResult
    public static func bootstrap() -> CordonMetrics {
        shared
    }

    private static let shared: CordonMetrics = {
        let metrics = CordonMetrics()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
        return metrics
    }()

    func exposition() -> [UInt8] {
        uptime.set(Double((ContinuousClock.now - started).components.seconds))
        return registry.emitToBuffer()
    }
}
