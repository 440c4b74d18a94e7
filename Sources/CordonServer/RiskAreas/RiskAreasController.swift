import CordonDomain
import CordonStore
import Hummingbird

/// Risk areas: the officers' list with designation, step-down and lifting; one area's households for the grid workers
/// who serve it and the visitors it asks to test; the public list of places and levels.
struct RiskAreasController {
    let areas: RiskAreas
    let tracing: Tracing
    let views: Views


    func addRoutes(public router: Router<AppContext>, pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        router.get("/public/risk-areas", use: publicPage)
        router.get("/api/v1/public/risk-areas", use: publicList)
        pages.get("/risk-areas", use: page)
        pages.post("/risk-areas", use: designateFromForm)
        pages.get("/risk-areas/:id", use: areaPage)
        pages.post("/risk-areas/:id/step-down", use: stepDownFromForm)
        pages.post("/risk-areas/:id/lift", use: liftFromForm)
        api.get("/risk-areas", use: list)
        api.post("/risk-areas", use: designate)
        api.get("/risk-areas/:id", use: one)
        api.get("/risk-areas/:id/households", use: households)
        api.get("/risk-areas/:id/visitors", use: visitors)
        api.post("/risk-areas/:id/step-down", use: stepDown)
        api.post("/risk-areas/:id/lift", use: lift)
    }

    struct Body: Encodable {
        let id: Int64
        let areaCode: String
        let areaName: String
        let within: String
        let areaLevel: String
        let level: String
        let since: Int64
        let steppedDown: Bool
        let reason: String
        let caseIds: [Int64]
        let residents: Int
        let visitors: Int
        let openCases: Int
        let lastCaseAt: Int64?
        let nextStepAt: Int64?
        let nextLevel: String?
        let endedAt: Int64?
        let endKind: String?

        init(_ r: RiskAreaRecord) {
            (id, areaCode, areaName, within, areaLevel, level, since) = (r.id, r.areaCode, r.areaName, r.within, r.areaLevel.rawValue, r.level.rawValue, r.since)
            steppedDown = r.steppedDown
            (reason, caseIds, residents, visitors, openCases, lastCaseAt) = (r.reason, r.caseIDs, r.residents, r.visitors, r.openCases, r.lastCaseAt)
            (nextStepAt, nextLevel, endedAt, endKind) = (r.nextStepAt, r.nextLevel?.rawValue, r.endedAt, r.endKind)
        }
    }

    struct PublicBody: Encodable {
        let name: String
        let within: String
        let level: String
        let since: Int64
    }

    @Sendable func publicList(_ request: Request, context: AppContext) async throws -> Response {
        var response = try JSON.response(["areas": try await areas.publicAreas().map { PublicBody(name: $0.name, within: $0.within, level: $0.level.rawValue,
                                                                                                  since: $0.since) }])
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }

    @Sendable func publicPage(_ request: Request, context: AppContext) async throws -> Response {
        let list = try await areas.publicAreas()
        return views.page("risk_areas_public", RiskAreasPublicPage(
            areas: list.map { .init(name: $0.name, within: $0.within, level: $0.level.rawValue, levelText: views.strings("risk_\($0.level.rawValue)", context.language),
                                    since: Format.time($0.since)) },
            hasAreas: !list.isEmpty
        ), context: context)
    }

    /// The public list of risk areas: each place, where it lies, its level and since when.
    struct RiskAreasPublicPage: PageModel {
        let areas: [Area]
        let hasAreas: Bool

        struct Area: PageModel {
            let name: String
            let within: String
            let level: String
            let levelText: String
            let since: String
        }
    }

    /// `openable`: the cases the reader may open, which are linked; the rest are named by number.
    func row(_ r: RiskAreaRecord, _ language: Language, openable: Set<Int64>) -> AreaRow {
        AreaRow(id: r.id, area: r.areaName, within: r.within, code: r.areaCode, canStep: r.nextStepAt != nil, areaLevel: views.strings("level_\(r.areaLevel.rawValue)", language),
                level: r.level.rawValue, levelText: views.strings("risk_\(r.level.rawValue)", language), since: Format.time(r.since),
                stepped: r.steppedDown, reason: r.reason, cases: r.caseIDs.map { .init(id: $0, opens: openable.contains($0)) }, residents: r.residents, visitors: r.visitors,
                openCases: r.openCases, lastCase: r.lastCaseAt.map(Format.time) ?? "—",
                next: r.nextStepAt.map { "\(Format.time($0)) → \(r.nextLevel.map { views.strings("risk_\($0.rawValue)", language) } ?? views.strings("risk_ended", language))" } ?? "—",
                ended: r.endedAt.map(Format.time) ?? "", endKind: r.endKind.map { views.strings("risk_end_\($0)", language) } ?? "")
    }

    /// One designation: the area and its level, since when, its cases, the people it holds, the next step down and how
    /// it ended.
    struct AreaRow: PageModel {
        let id: Int64
        let area: String
        let within: String
        let code: String
        let canStep: Bool
        let areaLevel: String
        let level: String
        let levelText: String
        let since: String
        let stepped: Bool
        let reason: String
        let cases: [CaseLink]
        let residents: Int
        let visitors: Int
        let openCases: Int
        let lastCase: String
        let next: String
        let ended: String
        let endKind: String

        struct CaseLink: PageModel {
            let id: Int64
            let opens: Bool
        }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let standing = try await areas.designations(actor: identity.actor)
        let ended = try await areas.designations(actor: identity.actor, ended: true)
        let policy = areas.registry.database.policies.inForce(at: UnixTime.now()).riskAreas
        let l = context.language
        let shown = standing + ended.prefix(100)
        let openable = try await tracing.openableCases(Set(shown.flatMap(\.caseIDs)), actor: identity.actor)
        return views.page("risk_areas", RiskAreasPage(
            standing: standing.map { row($0, l, openable: openable) }, hasStanding: !standing.isEmpty,
            ended: ended.prefix(100).map { row($0, l, openable: openable) }, hasEnded: !ended.isEmpty,
            officer: identity.may(.designateRiskAreas),
            levels: policy.levels.map { Choice(value: $0.rawValue, label: views.strings("risk_\($0.rawValue)", l)) },
            unit: views.strings("level_\(policy.unit.rawValue)", l), coarsest: views.strings("level_\(policy.coarsest.rawValue)", l)
        ), context: context)
    }

    /// The officers' list: standing designations with step-down and lifting, the form to designate, and those ended.
    struct RiskAreasPage: PageModel {
        let standing: [AreaRow]
        let hasStanding: Bool
        let ended: [AreaRow]
        let hasEnded: Bool
        let officer: Bool
        let levels: [Choice]
        let unit: String
        let coarsest: String
    }

    @Sendable func areaPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await areas.designation(id, actor: identity.actor)
        let households = try await areas.households(designationID: id, actor: identity.actor)
        let visitors = try await areas.visitors(designationID: id, actor: identity.actor)
        let openable = try await tracing.openableCases(Set(record.caseIDs), actor: identity.actor)
        return views.page("risk_area", RiskAreaPage(
            r: row(record, context.language, openable: openable),
            households: households.map { .init(code: $0.code, address: $0.address, residents: $0.residents, special: $0.specialNeeds,
                                               hasSpecial: $0.specialNeeds > 0) },
            hasHouseholds: !households.isEmpty, householdCount: households.count,
            visitors: visitors.map { .init(id: $0.residentID, name: $0.name, address: $0.address, visited: Format.time($0.visitedAt),
                                           tested: $0.testedAt.map(Format.time) ?? "", done: $0.testedAt != nil) },
            hasVisitors: !visitors.isEmpty, untested: visitors.filter { $0.testedAt == nil }.count,
            officer: identity.may(.designateRiskAreas) && record.endedAt == nil
        ), context: context)
    }

    /// One risk area: its designation, its households for the grid workers who serve it, and the visitors it asks to test.
    struct RiskAreaPage: PageModel {
        let r: AreaRow
        let households: [Household]
        let hasHouseholds: Bool
        let householdCount: Int
        let visitors: [Visitor]
        let hasVisitors: Bool
        let untested: Int
        let officer: Bool

        struct Household: PageModel {
            let code: String
            let address: String
            let residents: Int
            let special: Int
            let hasSpecial: Bool
        }

        struct Visitor: PageModel {
            let id: Int64
            let name: String
            let address: String
            let visited: String
            let tested: String
            let done: Bool
        }
    }

    struct DesignateBody: Decodable {
        let areaCodes: Listed<String>
        let level: String
        let reason: String
        let caseIds: Listed<Int64>?
    }

    func level(_ raw: String) throws -> AreaRisk {
        guard let level = AreaRisk(rawValue: raw.trimmingSpaces()) else { throw FieldErrors(errors: [FieldError(field: "level", code: .unknownValue)]) }
        return level
    }

    func designate(_ b: DesignateBody, actor: Actor) async throws -> [Int64] {
        try await areas.designate(areaCodes: b.areaCodes.items, level: try level(b.level), reason: b.reason, caseIDs: b.caseIds?.items ?? [], actor: actor)
    }

    @Sendable func designate(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: DesignateBody.self, context: context)
        let ids = try await designate(b, actor: identity.actor)
        let all = try await areas.designations(actor: identity.actor)
        return try JSON.response(["designations": all.filter { ids.contains($0.id) }.map(Body.init)], status: .created)
    }

    @Sendable func designateFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.designateRiskAreas)
        _ = try await designate(try await request.decode(as: DesignateBody.self, context: context), actor: identity.actor)
        return Views.redirect("/risk-areas")
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let ended = try request.queryFlag("ended")
        return try JSON.response(["designations": try await areas.designations(actor: identity.actor, ended: ended).map(Body.init)])
    }

    @Sendable func one(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(Body(try await areas.designation(try context.parameters.require("id", as: Int64.self), actor: identity.actor)))
    }

    @Sendable func households(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["households": try await areas.households(designationID: try context.parameters.require("id", as: Int64.self),
                                                                           actor: identity.actor)])
    }

    @Sendable func visitors(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let untested = try request.queryFlag("untested")
        return try JSON.response(["visitors": try await areas.visitors(designationID: try context.parameters.require("id", as: Int64.self),
                                                                       actor: identity.actor, untestedOnly: untested)])
    }

    @Sendable func stepDown(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await areas.stepDown(try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func lift(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ReasonBody.self, context: context)
        try await areas.lift(try context.parameters.require("id", as: Int64.self), reason: b.reason, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func stepDownFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await areas.stepDown(try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return Views.redirect("/risk-areas")
    }

    @Sendable func liftFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.designateRiskAreas)
        let b = try await request.decode(as: ReasonBody.self, context: context)
        try await areas.lift(try context.parameters.require("id", as: Int64.self), reason: b.reason, actor: identity.actor)
        return Views.redirect("/risk-areas")
    }
}
