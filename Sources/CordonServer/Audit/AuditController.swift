import CordonDomain
import CordonStore
import Hummingbird

/// The auditor's view of who opened whose record.
struct AuditController {
    let registry: Registry
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/audit", use: page)
        api.get("/audit", use: list)
    }

    private func reads(_ request: Request, context: AppContext) async throws -> [AuditRead] {
        let identity = try context.requireIdentity()
        let user = request.uri.queryParameters["user"].map(String.init)
        let resident = try request.queryInteger("resident")
        return try await registry.auditReads(username: user, residentID: resident, actor: identity.actor)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let rows = try await reads(request, context: context)
        return views.page("audit", AuditPage(
            user: request.uri.queryParameters["user"].map(String.init) ?? "",
            resident: request.uri.queryParameters["resident"].map(String.init) ?? "",
            reads: rows.map { AuditPage.Read(at: Format.time($0.at), username: $0.username, residentId: $0.residentID,
                                             residentName: $0.residentName, purpose: $0.purpose) }
        ), context: context)
    }

    /// The audited reads, filtered by user and resident as the form asked.
    struct AuditPage: PageModel {
        let user: String
        let resident: String
        let reads: [Read]

        struct Read: PageModel {
            let at: String
            let username: String
            let residentId: Int64
            let residentName: String
            let purpose: String
        }
    }

    struct Listing: Encodable { let reads: [AuditRead] }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(Listing(reads: try await reads(request, context: context)))
    }
}
