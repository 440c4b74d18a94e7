import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Endpoints for machines: liveness, the API description, and metrics behind their own token.
struct SystemController {
    let deps: Dependencies

    func addRoutes(to router: Router<AppContext>) {
        router.get("/healthz", use: health)
        router.get("/openapi.json", use: openAPI)
        router.get("/metrics", use: metricsPage)
        router.get("/static/{file}", use: staticFile)
    }

    struct Health: Encodable {
        let status: String
        let database: String
    }

    @Sendable func health(_ request: Request, context: AppContext) async throws -> Response {
        do {
            _ = try await deps.database.appliedMigrations()
            return try JSON.response(Health(status: "ok", database: deps.database.kind.rawValue))
        } catch {
            return try JSON.response(Health(status: "unavailable", database: deps.database.kind.rawValue), status: .serviceUnavailable)
        }
    }

    @Sendable func openAPI(_ request: Request, context: AppContext) async throws -> Response {
        let data = try Data(contentsOf: Self.resources.appendingPathComponent("openapi.json"))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    @Sendable func metricsPage(_ request: Request, context: AppContext) async throws -> Response {
        guard let token = deps.metricsToken, let header = request.headers[.authorization],
              constantTimeEqual(header, "Bearer \(token)") else { throw AppError.unauthenticated }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                        body: .init(byteBuffer: ByteBuffer(bytes: deps.metrics.exposition())))
    }

    @Sendable func staticFile(_ request: Request, context: AppContext) async throws -> Response {
        let name = try context.parameters.require("file")
        guard let type = ["app.css": "text/css", "app.js": "text/javascript", "verify.js": "text/javascript"][name] else { throw AppError.notFound }
        let data = try Data(contentsOf: Self.resources.appendingPathComponent("static/\(name)"))
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static var resources: URL { Bundle.module.bundleURL.appendingPathComponent("Resources") }
}
