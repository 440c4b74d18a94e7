import CordonStore
import CordonDomain
import Hummingbird
import Synchronization

/// Request counters for Prometheus. Per process and rebuilt from zero on restart, as Prometheus expects.
final class RequestMetrics: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    private let started = ContinuousClock.now

    func record(status: Int) {
        counts.withLock { $0["\(status)", default: 0] += 1 }
    }

    func exposition() -> String {
        var out = "# HELP cordon_http_requests_total HTTP responses by status code.\n# TYPE cordon_http_requests_total counter\n"
        for (status, n) in counts.withLock({ $0 }).sorted(by: { $0.key < $1.key }) {
            out += "cordon_http_requests_total{status=\"\(status)\"} \(n)\n"
        }
        let uptime = ContinuousClock.now - started
        out += "# HELP cordon_uptime_seconds Seconds since this process started.\n# TYPE cordon_uptime_seconds gauge\n"
        out += "cordon_uptime_seconds \(uptime.components.seconds)\n"
        return out
    }
}

struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let metrics: RequestMetrics

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        metrics.record(status: response.status.code)
        return response
    }
}
