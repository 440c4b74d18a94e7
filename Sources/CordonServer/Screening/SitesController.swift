import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Sampling sites: what each serves, where it stands, its desks and hours. Commanders and district officers register
/// them; samplers pick theirs from the list.
struct SitesController {
    let screening: Screening
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/screening/sites", use: sitesPage)
        pages.post("/screening/sites", use: createFromForm)
        api.get("/screening/sites", use: list)
        api.post("/screening/sites", use: create)
    }

    struct NewSite: Decodable {
        let code: String
        let name: String
        let areaCode: String
        let kind: String?
        let desks: Int
        let dailyCapacity: Int
        let opens: String?
        let closes: String?
    }

    static func hours(opens: String?, closes: String?) throws -> DailyHours {
        do { return try DailyHours(opens: opens ?? "07:00", closes: closes ?? "22:00") } catch { throw AppError.badRequest(key: "request.site_hours") }
    }

    static func kind(_ text: String?) throws -> SiteKind {
        guard let text, !text.isEmpty else { return .community }
        guard let kind = SiteKind(rawValue: text) else { throw AppError.badRequest(key: "request.site_kind") }
        return kind
    }

    func create(_ b: NewSite, actor: Actor) async throws -> Int64 {
        try await screening.createSite(code: b.code, name: b.name, areaCode: b.areaCode, kind: try Self.kind(b.kind), desks: b.desks,
                                       dailyCapacity: b.dailyCapacity, hours: try Self.hours(opens: b.opens, closes: b.closes), actor: actor)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let id = try await create(try await request.decode(as: NewSite.self, context: context), actor: try context.requireIdentity().actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["sites": try await screening.sites(near: identity.actor.jurisdiction)])
    }

    @Sendable func sitesPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readSites)
        let sites = try await screening.sites(near: identity.actor.jurisdiction)
        let l = context.language
        return views.page("screening_sites", SitesPage(
            sites: sites.map { s in
                SitesPage.Site(code: s.code, name: s.name, kind: views.strings("site_kind_\(s.kind.rawValue)", l), area: s.areaName,
                               desks: s.desks, capacity: s.dailyCapacity, hours: s.hours.text)
            },
            kinds: SiteKind.allCases.map { Choice(value: $0.rawValue, label: views.strings("site_kind_\($0.rawValue)", l)) },
            canCreate: identity.may(.registerSites)), context: context)
    }

    /// The sampling sites near the reader's area, and the form to register one for those who may.
    struct SitesPage: PageModel {
        let sites: [Site]
        let kinds: [Choice]
        let canCreate: Bool

        struct Site: PageModel {
            let code: String
            let name: String
            let kind: String
            let area: String
            let desks: Int
            let capacity: Int
            let hours: String
        }
    }

    @Sendable func createFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.registerSites)
        _ = try await create(try await request.decode(as: NewSite.self, context: context), actor: identity.actor)
        return Views.redirect("/screening/sites")
    }
}
