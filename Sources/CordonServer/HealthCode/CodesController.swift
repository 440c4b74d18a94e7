import CordonDomain
import CordonStore
import Hummingbird

/// Staff's view of a person's code: the hotline agent answering an appeal, the code officer, the grid worker. Every
/// view opens the record through the audited read. Manual colours are requested here and decided by a second
/// officer; the auditor reads the day's list.
struct CodesController {
    let codes: HealthCodes
    let registry: Registry
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/residents/:id/code", use: page)
        pages.post("/residents/:id/code/manual", use: requestFromForm)
        pages.get("/codes/manual", use: manualPage)
        pages.post("/codes/manual/:request/:decision", use: decideFromForm)
        api.get("/residents/:id/code", use: code)
        api.get("/codes/manual", use: manualList)
        api.post("/codes/manual", use: request)
        api.post("/codes/manual/:request/decision", use: decide)
    }

    @Sendable func code(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await registry.resident(id: id, actor: identity.actor, purpose: "health code", today: ResidentsController.today())
        let code = try await codes.code(for: record)
        let words = CodeWords(strings: views.strings, language: context.language)
        return try JSON.response(words.body(code, maskedName: Masking.name(record.name), relation: nil, pass: nil))
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await registry.resident(id: id, actor: identity.actor, purpose: "health code", today: ResidentsController.today())
        let code = try await codes.code(for: record)
        let l = context.language
        let words = CodeWords(strings: views.strings, language: l)
        let maxHours = registry.database.policies.inForce(at: UnixTime.now()).healthCode.manualColourMaxHours
        let history = try await codes.history(residentID: record.id)
        return views.page("code_resident", CodeResidentPage(
            id: record.id, name: record.name, colour: code.colour.rawValue, colourText: words.colour(code.colour),
            policy: code.policyID, assessed: Format.time(code.assessedAt), changes: code.changesAt.map(Format.time) ?? "—",
            reasons: words.reasonRows(code),
            history: words.historyRows(history),
            canRequest: identity.may(.setManualColours), maxHours: maxHours,
            colours: CodeColour.allCases.map { Choice(value: $0.rawValue, label: words.colour($0)) }
        ), context: context)
    }

    /// A person's code as staff see it: colour, each reason with its rule and fact, the history, and the manual-colour form.
    struct CodeResidentPage: PageModel {
        let id: Int64
        let name: String
        let colour: String
        let colourText: String
        let policy: String
        let assessed: String
        let changes: String
        let reasons: [CodeWords.ReasonRow]
        let history: [CodeWords.HistoryRow]
        let canRequest: Bool
        let maxHours: Int
        let colours: [Choice]
    }

    struct NewManualColour: Decodable {
        let residentId: Int64
        let colour: String
        let reason: String
        let hours: Int
    }

    /// The resident's page names the person in its address, where the API names them in the body.
    struct ColourForResident: Decodable {
        let colour: String
        let reason: String
        let hours: Int
    }

    static func colour(_ text: String?) throws -> CodeColour {
        guard let text, let colour = CodeColour(rawValue: text) else { throw AppError.badRequest(key: "request.manual_colour") }
        return colour
    }

    /// Invalid reasons and durations answer with the manual-colour message rather than a bare "invalid".
    func requestColour(residentID: Int64, colour: CodeColour, reason: String, hours: Int, actor: Actor) async throws -> Int64 {
        do {
            return try await codes.requestManualColour(residentID: residentID, colour: colour, reason: reason, hours: hours, actor: actor)
        } catch let error as StoreError where error.code == .invalid {
            throw AppError.badRequest(key: "request.manual_colour")
        }
    }

    @Sendable func request(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: NewManualColour.self, context: context)
        let id = try await requestColour(residentID: b.residentId, colour: try Self.colour(b.colour), reason: b.reason, hours: b.hours,
                                         actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    @Sendable func requestFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.setManualColours)
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: ColourForResident.self, context: context)
        _ = try await requestColour(residentID: id, colour: try Self.colour(b.colour), reason: b.reason, hours: b.hours, actor: identity.actor)
        return Views.redirect("/codes/manual")
    }

    struct Decision: Decodable { let approve: Bool }

    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("request", as: Int64.self)
        let b = try await request.decode(as: Decision.self, context: context)
        try await codes.decideManualColour(requestID: id, approve: b.approve, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func decideFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("request", as: Int64.self)
        let decision = try context.parameters.require("decision")
        guard decision == "approve" || decision == "reject" else { throw AppError.notFound }
        try await codes.decideManualColour(requestID: id, approve: decision == "approve", actor: identity.actor)
        return Views.redirect("/codes/manual")
    }

    static func day(_ text: String?) throws -> CivilDate? {
        guard let text, !text.isEmpty else { return nil }
        guard let day = CivilDate(iso: text) else { throw AppError.badRequest(key: "request.invalid") }
        return day
    }

    @Sendable func manualList(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        let pending = try request.queryFlag("pending")
        let list = try await codes.manualColours(actor: identity.actor, pendingOnly: pending, day: try Self.day(query.get("day")))
        return try JSON.response(["requests": list])
    }

    @Sendable func manualPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let words = CodeWords(strings: views.strings, language: l)
        let day = try Self.day(request.uri.queryParameters.get("day")) ?? CivilDate(unixTime: UnixTime.now())
        let me = identity.user.username
        func rows(_ list: [ManualColourRequest]) -> [CodesManualPage.ManualRequest] {
            list.map { r in
                CodesManualPage.ManualRequest(
                    id: r.id, resident: r.residentID, name: r.maskedName, colour: r.colour.rawValue, colourText: words.colour(r.colour),
                    reason: r.reason, expires: Format.time(r.expiresAt), requestedBy: r.requestedBy, requestedAt: Format.time(r.requestedAt),
                    decidedBy: r.decidedBy ?? "—",
                    state: views.strings(r.approved.map { $0 ? "manual_approved" : "manual_rejected" } ?? "manual_waiting", l),
                    own: r.requestedBy == me)
            }
        }
        let pending = identity.may(.setManualColours) ? try await codes.manualColours(actor: identity.actor, pendingOnly: true) : []
        let daily = try await codes.manualColours(actor: identity.actor, pendingOnly: false, day: day)
        return views.page("codes_manual", CodesManualPage(
            isOfficer: identity.may(.setManualColours), pending: rows(pending),
            daily: rows(daily), day: day.description,
            link: identity.may(.readResidents)
        ), context: context)
    }

    /// Manual colours: for officers those waiting for a second officer, and for everyone the requests of a day.
    struct CodesManualPage: PageModel {
        let isOfficer: Bool
        let pending: [ManualRequest]
        let daily: [ManualRequest]
        let day: String
        let link: Bool

        struct ManualRequest: PageModel {
            let id: Int64
            let resident: Int64
            let name: String
            let colour: String
            let colourText: String
            let reason: String
            let expires: String
            let requestedBy: String
            let requestedAt: String
            let decidedBy: String
            let state: String
            let own: Bool
        }
    }
}
