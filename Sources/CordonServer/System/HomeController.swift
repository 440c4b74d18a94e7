import CordonDomain
import CordonStore
import Hummingbird

/// The landing page after login: who you are, where you work, and what you can do from here.
struct HomeController {
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/", use: home)
        api.get("/me", use: me)
    }

    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let role = identity.user.role
        var data: [String: Any] = ["role_intro": views.strings("home_\(role.rawValue)", context.language),
                                   "jurisdiction_id": identity.actor.jurisdiction.id]
        if identity.may(.browseAreas) {
            data["residents_total"] = try await database.residentCount(in: identity.actor.jurisdiction)
        }
        return views.page("home", data, context: context)
    }

    struct Me: Encodable {
        let username: String
        let displayName: String
        let role: String
        let areaId: Int64
        let areaName: String
        let language: String
    }

    @Sendable func me(_ request: Request, context: AppContext) async throws -> Response {
        let i = try context.requireIdentity()
        return try JSON.response(Me(username: i.user.username, displayName: i.user.displayName, role: i.user.role.rawValue,
                                    areaId: i.actor.jurisdiction.id, areaName: i.actor.jurisdiction.name, language: i.user.language))
    }
}
