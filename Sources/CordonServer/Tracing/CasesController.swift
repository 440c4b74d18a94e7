import CordonDomain
import CordonStore
import Hummingbird

/// The case list with its registration form and the candidates screening raised, and the case API.
struct CasesController {
    let tracing: Tracing
    let screening: Screening
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/cases", use: page)
        pages.post("/cases", use: registerFromForm)
        api.get("/cases", use: list)
        api.post("/cases", use: register)
    }


    struct NewCaseBody: Decodable {
        let residentId: Int64?
        let idNumber: String?
        let classification: String?
        let severity: String?
        let onsetDate: String?
        let sampledAt: Moment?
        let reportedAt: Moment?
        let foundBy: String?
        let treatedAt: String?
        let isolatedAt: Moment?
        let tube: String?
    }

    /// Turns what a form or body said into a registration, naming every field it cannot read.
    func newCase(residentID: Int64?, idNumber: String?, classification: String?, severity: String?, onset: String?, sampledAt: Int64?,
                 reportedAt: Int64?, foundBy: String?, treatedAt: String?, isolatedAt: Int64?, actor: Actor) async throws -> NewCase {
        try actor.require(.traceCases)
        var problems: [TracingError] = []
        var resident = residentID
        if resident == nil, let idNumber, !idNumber.trimmingSpaces().isEmpty { resident = try await tracing.residentID(idNumber: idNumber, actor: actor) }
        if resident == nil { problems.append(TracingError(.unknownPerson, field: "id_number")) }
        let kind = classification.flatMap(CaseClassification.init)
        if kind == nil { problems.append(TracingError(.unknownValue, field: "classification")) }
        let found = foundBy.flatMap(CaseDiscovery.init)
        if found == nil { problems.append(TracingError(.unknownValue, field: "found_by")) }
        var onsetDate: CivilDate?
        if let onset, !onset.isEmpty {
            onsetDate = CivilDate(iso: onset)
            if onsetDate == nil { problems.append(TracingError(.badFormat, field: "onset_date")) }
        }
        if sampledAt == nil { problems.append(TracingError(.badFormat, field: "sampled_at")) }
        guard problems.isEmpty, let resident, let kind, let found, let sampledAt else { throw TracingFailure(problems) }
        return NewCase(residentID: resident, classification: kind, severity: severity.flatMap(CaseSeverity.init) ?? .mild, onset: onsetDate,
                       sampledAt: sampledAt, reportedAt: reportedAt ?? UnixTime.now(), foundBy: found, treatedAt: treatedAt ?? "",
                       isolatedAt: isolatedAt)
    }

    @Sendable func register(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try await register(try await request.decode(as: NewCaseBody.self, context: context), actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    func register(_ b: NewCaseBody, actor: Actor) async throws -> Int64 {
        let new = try await newCase(residentID: b.residentId, idNumber: b.idNumber, classification: b.classification, severity: b.severity,
                                    onset: b.onsetDate, sampledAt: b.sampledAt?.unix, reportedAt: b.reportedAt?.unix, foundBy: b.foundBy,
                                    treatedAt: b.treatedAt, isolatedAt: b.isolatedAt?.unix, actor: actor)
        return try await tracing.register(new, tubeBarcode: b.tube.flatMap { $0.isEmpty ? nil : $0 }, actor: actor)
    }

    @Sendable func registerFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.traceCases)
        let id = try await register(try await request.decode(as: NewCaseBody.self, context: context), actor: identity.actor)
        return Views.redirect("/cases/\(id)")
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let open = try request.queryFlag("open")
        return try JSON.response(["cases": try await tracing.cases(actor: identity.actor, openOnly: open)])
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCases)
        let words = TracingWords(strings: views.strings, language: context.language)
        let cases = try await tracing.cases(actor: identity.actor, limit: 300)
        let tracer = identity.may(.traceCases)
        let candidates = tracer ? try await screening.caseCandidates(actor: identity.actor, limit: 100) : []
        let q = request.uri.queryParameters
        let chosen = q["candidate"].flatMap { Int64(String($0)) }.flatMap { id in candidates.first { $0.residentID == id } }
        return views.page("cases", CasesPage(
            cases: cases.map(words.caseRow), hasCases: !cases.isEmpty, canRegister: tracer,
            candidates: candidates.map { CasesPage.Candidate(residentId: $0.residentID, name: $0.name, address: $0.address, barcode: $0.barcode,
                                                             sampled: Format.time($0.sampledAt)) },
            hasCandidates: !candidates.isEmpty,
            chosen: chosen.map { CasesPage.Chosen(residentId: $0.residentID, name: $0.name, barcode: $0.barcode,
                                                  sampled: LocalTime.format($0.sampledAt)) },
            classifications: words.options(CaseClassification.self, prefix: "classification"),
            severities: words.options(CaseSeverity.self, prefix: "severity", selected: .mild),
            discoveries: words.options(CaseDiscovery.self, prefix: "found_by", selected: chosen == nil ? .other : .screening)), context: context)
    }

    /// The case list, the candidates screening raised, and the registration form (filled from a chosen candidate).
    struct CasesPage: PageModel {
        let cases: [TracingWords.CaseRow]
        let hasCases: Bool
        let canRegister: Bool
        let candidates: [Candidate]
        let hasCandidates: Bool
        let chosen: Chosen?
        let classifications: [Choice]
        let severities: [Choice]
        let discoveries: [Choice]

        struct Candidate: PageModel {
            let residentId: Int64
            let name: String
            let address: String
            let barcode: String
            let sampled: String
        }

        /// The candidate the form is filled from; its sampling time as the form's date-time field reads it.
        struct Chosen: PageModel {
            let residentId: Int64
            let name: String
            let barcode: String
            let sampled: String
        }
    }
}
