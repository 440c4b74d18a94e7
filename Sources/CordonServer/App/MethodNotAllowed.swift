import Hummingbird
import Synchronization

/// The router's paths and the methods each takes, filled in once every route is added.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [String], method: String)]>([])

    func fill(_ descriptions: [(path: String, method: String)]) {
        routes.withLock { $0 = descriptions.map { (Self.segments($0.path), $0.method) } }
    }

    /// The methods routes matching `path` take.
    func methods(for path: String) -> [String] {
        let parts = Self.segments(path)
        return routes.withLock { table in
            Array(Set(table.filter { Self.matches($0.segments, parts) }.map(\.method))).sorted()
        }
    }

    static func segments(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    /// A pattern segment `{name}`, `:name` or `*` matches any one segment, `**` the rest.
    static func matches(_ pattern: [String], _ parts: [String]) -> Bool {
        var i = 0
        for segment in pattern {
            if segment == "**" { return true }
            guard i < parts.count else { return false }
            let wild = segment.hasPrefix("{") || segment.hasPrefix(":") || segment == "*"
            guard wild || segment == parts[i] else { return false }
            i += 1
        }
        return i == parts.count
    }
}

/// A path the router has under other methods answers 405 with `Allow`, as HTTP asks, rather than 404. Runs only when
/// the router found nothing to call, so a handler's own "not found" is left alone.
struct MethodNotAllowed: RouterMiddleware {
    typealias Context = AppContext
    let routes: RouteTable

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = routes.methods(for: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            throw AppError.methodNotAllowed(allow: allowed)
        }
    }
}
