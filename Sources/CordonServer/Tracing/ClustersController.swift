import CordonDomain
import CordonStore
import Hummingbird

/// Chains and clusters: every cluster of the actor's cases as a graph, with size and growth over the last week.
struct ClustersController {
    let tracing: Tracing
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/clusters", use: page)
        api.get("/clusters", use: list)
    }

    struct Body: Encodable {
        let caseIds: [Int64]
        let size: Int
        let recent: Int
        let links: [CaseLink]
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (clusters, _) = try await tracing.clusters(actor: identity.actor)
        return try JSON.response(["clusters": clusters.map { Body(caseIds: $0.caseIDs, size: $0.size, recent: $0.recent, links: $0.links) }])
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCases)
        let words = TracingWords(strings: views.strings, language: context.language)
        let (clusters, cases) = try await tracing.clusters(actor: identity.actor)
        let linked = clusters.filter { $0.size > 1 }
        return views.page("clusters", ClustersPage(
            graph: ClusterGraph.svg(linked, cases: cases, label: words("nav_clusters")),
            clusters: linked.map { c in
                ClustersPage.Row(size: c.size, recent: c.recent, first: c.caseIDs[0], cases: c.caseIDs.map { ClustersPage.CaseRef(id: $0) })
            },
            hasClusters: !linked.isEmpty, singles: clusters.count - linked.count), context: context)
    }

    /// The clusters of linked cases as a graph and a table, and how many cases stand alone.
    struct ClustersPage: PageModel {
        let graph: String
        let clusters: [Row]
        let hasClusters: Bool
        let singles: Int

        struct Row: PageModel {
            let size: Int
            let recent: Int
            let first: Int64
            let cases: [CaseRef]
        }

        struct CaseRef: PageModel {
            let id: Int64
        }
    }
}
