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
        return views.page("risk_areas_public", [
            "areas": list.map { ["name": $0.name, "within": $0.within, "level": $0.level.rawValue, "level_text": views.strings("risk_\($0.level.rawValue)", context.language),
                                 "since": Format.time($0.since)] },
            "has_areas": !list.isEmpty,
        ], context: context)
    }

    /// `openable`: the cases the reader may open, which are linked; the rest are named by number.
    func row(_ r: RiskAreaRecord, _ language: Language, openable: Set<Int64>) -> [String: Any] {
        ["id": r.id, "area": r.areaName, "within": r.within, "code": r.areaCode, "can_step": r.nextStepAt != nil, "area_level": views.strings("level_\(r.areaLevel.rawValue)", language),
         "level": r.level.rawValue, "level_text": views.strings("risk_\(r.level.rawValue)", language), "since": Format.time(r.since),
         "stepped": r.steppedDown, "reason": r.reason, "cases": r.caseIDs.map { ["id": $0, "opens": openable.contains($0)] }, "residents": r.residents, "visitors": r.visitors,
         "open_cases": r.openCases, "last_case": r.lastCaseAt.map(Format.time) ?? "—",
         "next": r.nextStepAt.map { "\(Format.time($0)) → \(r.nextLevel.map { views.strings("risk_\($0.rawValue)", language) } ?? views.strings("risk_ended", language))" } ?? "—",
         "ended": r.endedAt.map(Format.time) ?? "", "end_kind": r.endKind.map { views.strings("risk_end_\($0)", language) } ?? ""]
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let standing = try await areas.designations(actor: identity.actor)
        let ended = try await areas.designations(actor: identity.actor, ended: true)
        let policy = areas.registry.database.policies.inForce(at: UnixTime.now()).riskAreas
        let l = context.language
        let shown = standing + ended.prefix(100)
        let openable = try await tracing.openableCases(Set(shown.flatMap(\.caseIDs)), actor: identity.actor)
        return views.page("risk_areas", [
            "standing": standing.map { row($0, l, openable: openable) }, "has_standing": !standing.isEmpty,
            "ended": ended.prefix(100).map { row($0, l, openable: openable) }, "has_ended": !ended.isEmpty,
            "officer": identity.may(.designateRiskAreas),
            "levels": policy.levels.map { ["value": $0.rawValue, "label": views.strings("risk_\($0.rawValue)", l)] },
            "unit": views.strings("level_\(policy.unit.rawValue)", l), "coarsest": views.strings("level_\(policy.coarsest.rawValue)", l),
        ], context: context)
    }

    @Sendable func areaPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await areas.designation(id, actor: identity.actor)
        let households = try await areas.households(designationID: id, actor: identity.actor)
        let visitors = try await areas.visitors(designationID: id, actor: identity.actor)
        return views.page("risk_area", [
            "r": row(record, context.language, openable: try await tracing.openableCases(Set(record.caseIDs), actor: identity.actor)),
            "households": households.map { ["code": $0.code, "address": $0.address, "residents": $0.residents, "special": $0.specialNeeds,
                                            "has_special": $0.specialNeeds > 0] },
            "has_households": !households.isEmpty, "household_count": households.count,
            "visitors": visitors.map { ["id": $0.residentID, "name": $0.name, "address": $0.address, "visited": Format.time($0.visitedAt),
                                        "tested": $0.testedAt.map(Format.time) ?? "", "done": $0.testedAt != nil] },
            "has_visitors": !visitors.isEmpty, "untested": visitors.filter { $0.testedAt == nil }.count,
            "officer": identity.may(.designateRiskAreas) && record.endedAt == nil,
        ], context: context)
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
