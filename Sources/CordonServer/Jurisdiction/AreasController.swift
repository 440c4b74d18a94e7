import CordonDomain
import CordonStore
import Hummingbird

/// The area tree with resident counts, from the user's jurisdiction down.
struct AreasController {
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/areas", use: root)
        pages.get("/areas/{id}", use: areaPage)
        api.get("/areas", use: rootAPI)
        api.get("/areas/{id}", use: areaAPI)
    }

    @Sendable func root(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return Views.redirect("/areas/\(identity.actor.jurisdiction.id)")
    }

    @Sendable func areaPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.browseAreas)
        let area = try await database.visibleArea(id: try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        let children = try await database.children(of: area, actor: identity.actor)
        let crumbs = try await database.breadcrumbs(of: area, actor: identity.actor)
        let total = try await database.residentCount(in: area)
        let s = views.strings
        let l = context.language
        return views.page("areas", AreasPage(
            area: AreasPage.Node(id: area.id, name: area.name, code: area.code, level: s("level_\(area.level.rawValue)", l), residents: total),
            crumbs: crumbs.map { AreasPage.Crumb(id: $0.id, name: $0.name) },
            children: children.map { AreasPage.Node(id: $0.area.id, name: $0.area.name, code: $0.area.code,
                                                    level: s("level_\($0.area.level.rawValue)", l), residents: $0.residents) },
            hasChildren: !children.isEmpty
        ), context: context)
    }

    /// An area with its residents, the path down to it, and the areas just below it.
    struct AreasPage: PageModel {
        let area: Node
        let crumbs: [Crumb]
        let children: [Node]
        let hasChildren: Bool

        struct Node: PageModel {
            let id: Int64
            let name: String
            let code: String
            let level: String
            let residents: Int
        }

        struct Crumb: PageModel {
            let id: Int64
            let name: String
        }
    }

    struct AreaBody: Encodable {
        struct Node: Encodable {
            let id: Int64
            let code: String
            let name: String
            let level: String
            let parentId: Int64?
            let residents: Int
        }
        let area: Node
        let children: [Node]
    }

    @Sendable func rootAPI(_ request: Request, context: AppContext) async throws -> Response {
        try await areaJSON(try context.requireIdentity().actor.jurisdiction.id, context: context)
    }

    @Sendable func areaAPI(_ request: Request, context: AppContext) async throws -> Response {
        try await areaJSON(try context.parameters.require("id", as: Int64.self), context: context)
    }

    private func areaJSON(_ id: Int64, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.browseAreas)
        let area = try await database.visibleArea(id: id, actor: identity.actor)
        let children = try await database.children(of: area, actor: identity.actor)
        func node(_ a: Area, _ n: Int) -> AreaBody.Node {
            .init(id: a.id, code: a.code, name: a.name, level: a.level.rawValue, parentId: a.parentID, residents: n)
        }
        return try JSON.response(AreaBody(area: node(area, try await database.residentCount(in: area)),
                                          children: children.map { node($0.area, $0.residents) }))
    }
}
