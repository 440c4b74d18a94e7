import CordonDomain
import CordonStore
import Hummingbird

/// Risk points: the public list (no names, only places and times), the visitors each asks to test, and lifting one
/// marked in error.
struct RiskPointsController {
    let tracing: Tracing
    let views: Views

    func addRoutes(public router: Router<AppContext>, pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        router.get("/risk-points", use: publicPage)
        router.get("/api/v1/risk-points", use: publicList)
        pages.get("/risk-points/:id/visitors", use: visitorsPage)
        pages.post("/risk-points/:id/lift", use: liftFromForm)
        api.get("/risk-points/:id/visitors", use: visitors)
        api.get("/risk-points/visitors-to-test", use: visitorsToTest)
        api.post("/risk-points/:id/lift", use: lift)
    }

    struct PublicPoint: Encodable {
        let venue: String
        let area: String
        let startsAt: Int64
        let endsAt: Int64
    }

    @Sendable func publicList(_ request: Request, context: AppContext) async throws -> Response {
        var response = try JSON.response(["risk_points": try await tracing.publicRiskPoints().map {
            PublicPoint(venue: $0.venueName, area: $0.areaName, startsAt: $0.startsAt, endsAt: $0.endsAt)
        }])
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }

    @Sendable func publicPage(_ request: Request, context: AppContext) async throws -> Response {
        let points = try await tracing.publicRiskPoints()
        return views.page("risk_points", RiskPointsPage(
            points: points.map { .init(venue: $0.venueName, area: $0.areaName, from: Format.time($0.startsAt), to: Format.time($0.endsAt)) },
            hasPoints: !points.isEmpty
        ), context: context)
    }

    /// The public list of risk points: each place and its window, without names.
    struct RiskPointsPage: PageModel {
        let points: [Point]
        let hasPoints: Bool

        struct Point: PageModel {
            let venue: String
            let area: String
            let from: String
            let to: String
        }
    }

    @Sendable func visitors(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["visitors": try await tracing.visitors(riskPointID: try context.parameters.require("id", as: Int64.self),
                                                                         actor: identity.actor)])
    }

    @Sendable func visitorsPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCases)
        let id = try context.parameters.require("id", as: Int64.self)
        let visitors = try await tracing.visitors(riskPointID: id, actor: identity.actor)
        return views.page("risk_point_visitors", RiskPointVisitorsPage(
            id: id,
            visitors: visitors.map { .init(id: $0.residentID, name: $0.name, address: $0.address, visited: Format.time($0.visitedAt),
                                           tested: $0.testedAt.map(Format.time) ?? "", done: $0.testedAt != nil) },
            hasVisitors: !visitors.isEmpty, untested: visitors.filter { $0.testedAt == nil }.count, total: visitors.count,
            canLift: identity.may(.traceCases)
        ), context: context)
    }

    /// The visitors a risk point asks to test, who has been tested since, and the form to lift the point.
    struct RiskPointVisitorsPage: PageModel {
        let id: Int64
        let visitors: [Visitor]
        let hasVisitors: Bool
        let untested: Int
        let total: Int
        let canLift: Bool

        struct Visitor: PageModel {
            let id: Int64
            let name: String
            let address: String
            let visited: String
            let tested: String
            let done: Bool
        }
    }

    struct ToTest: Encodable {
        let riskPointId: Int64
        let venue: String
        let residentId: Int64
        let name: String
        let address: String
        let visitedAt: Int64
    }

    @Sendable func visitorsToTest(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["visitors": try await tracing.visitorsToTest(actor: identity.actor).map {
            ToTest(riskPointId: $0.point.id, venue: $0.point.venueName, residentId: $0.visitor.residentID, name: $0.visitor.name,
                   address: $0.visitor.address, visitedAt: $0.visitor.visitedAt)
        }])
    }

    @Sendable func lift(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ReasonBody.self, context: context)
        try await tracing.liftRiskPoint(try context.parameters.require("id", as: Int64.self), reason: b.reason, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func liftFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.traceCases)
        let b = try await request.decode(as: ReasonBody.self, context: context)
        try await tracing.liftRiskPoint(try context.parameters.require("id", as: Int64.self), reason: b.reason, actor: identity.actor)
        return Views.redirect("/risk-points")
    }
}
