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
        let total = identity.may(.browseAreas) ? try await database.residentCount(in: identity.actor.jurisdiction) : nil
        return views.page("home", HomePage(roleIntro: views.strings("home_\(role.rawValue)", context.language),
                                           jurisdictionId: identity.actor.jurisdiction.id, residentsTotal: total), context: context)
    }

    /// What a role does here, and for those who work over areas, how many people live in theirs.
    struct HomePage: PageModel {
        let roleIntro: String
        let jurisdictionId: Int64
        let residentsTotal: Int?
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
