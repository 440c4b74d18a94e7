import CordonDomain
import CordonStore
import Hummingbird

/// One case through the API: its details and outcome, trajectory and interview entries, contacts proposed and
/// decided, risk points and links to other cases.
struct CaseController {
    let tracing: Tracing

    func addRoutes(api: RouterGroup<AppContext>) {
        api.get("/cases/:id", use: detail)
        api.post("/cases/:id/outcome", use: outcome)
        api.get("/cases/:id/trajectory", use: trajectory)
        api.post("/cases/:id/trajectory", use: addEntry)
        api.post("/cases/:id/trajectory/:entry/remove", use: removeEntry)
        api.post("/cases/:id/contacts/propose", use: propose)
        api.get("/cases/:id/contacts", use: contacts)
        api.post("/cases/:id/contacts", use: addContact)
        api.post("/contact-links/:link/decision", use: decide)
        api.post("/cases/:id/contacts/confirm-all", use: confirmAll)
        api.post("/cases/:id/risk-points", use: riskPoint)
        api.post("/cases/:id/links", use: chain)
    }

    func caseID(_ context: AppContext) throws -> Int64 { try context.parameters.require("id", as: Int64.self) }

    // MARK: API

    struct Detail: Encodable {
        let `case`: CaseRecord
        let trajectory: Trajectory
        let contacts: [ContactLink]
        let riskPoints: [RiskPoint]
        let chain: [Int64]
    }

    @Sendable func detail(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try caseID(context)
        let record = try await tracing.openCase(id, actor: identity.actor)
        let (clusters, _) = try await tracing.clusters(actor: identity.actor)
        return try JSON.response(Detail(case: record, trajectory: try await tracing.trajectory(caseID: id, actor: identity.actor),
                                        contacts: try await tracing.links(caseID: id, actor: identity.actor),
                                        riskPoints: try await tracing.riskPoints(caseID: id, actor: identity.actor),
                                        chain: Clusters.chain(of: id, in: clusters)?.caseIDs ?? [id]))
    }

    struct OutcomeBody: Decodable {
        let outcome: CaseOutcome
        let reason: String
    }

    @Sendable func outcome(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: OutcomeBody.self, context: context)
        try await tracing.setOutcome(caseID: try caseID(context), b.outcome, reason: b.reason, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func trajectory(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(try await tracing.trajectory(caseID: try caseID(context), actor: identity.actor))
    }

    struct EntryBody: Decodable {
        let venueCode: String?
        let place: String?
        let startedAt: Moment
        let endedAt: Moment
        let note: String?
    }

    @Sendable func addEntry(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: EntryBody.self, context: context)
        let id = try await tracing.addEntry(caseID: try caseID(context), venueCode: b.venueCode, place: b.place ?? "",
                                            span: Presence(start: b.startedAt.unix, end: b.endedAt.unix), note: b.note ?? "", actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    @Sendable func removeEntry(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ReasonBody.self, context: context)
        try await tracing.removeEntry(caseID: try caseID(context), entryID: try context.parameters.require("entry", as: Int64.self), reason: b.reason,
                                      actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func propose(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(try await tracing.propose(caseID: try caseID(context), actor: identity.actor))
    }

    @Sendable func contacts(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["contacts": try await tracing.links(caseID: try caseID(context), actor: identity.actor)])
    }

    struct ContactBody: Decodable {
        let residentId: Int64?
        let idNumber: String?
        let tier: String
        let viaIdNumber: String?
        let exposedAt: Moment
        let reason: String
    }


    @Sendable func addContact(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ContactBody.self, context: context)
        let id = try await tracing.addContact(caseID: try caseID(context), residentID: b.residentId, idNumber: b.idNumber, tier: b.tier, via: b.viaIdNumber,
                                      exposedAt: b.exposedAt.unix, reason: b.reason, actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    struct DecisionBody: Decodable {
        let confirm: Bool
        let reason: String?
    }

    /// A page's decision names confirm or remove in its path, and only the reason in the form.
    struct DecisionReason: Decodable { let reason: String? }

    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: DecisionBody.self, context: context)
        try await tracing.decide(linkID: try context.parameters.require("link", as: Int64.self), confirm: b.confirm, reason: b.reason ?? "",
                                 actor: identity.actor)
        return Response(status: .noContent)
    }

    struct TierBody: Decodable { let tier: ContactTier }

    @Sendable func confirmAll(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: TierBody.self, context: context)
        let n = try await tracing.confirmAll(caseID: try caseID(context), tier: b.tier, actor: identity.actor)
        return try JSON.response(["confirmed": n])
    }

    struct RiskPointBody: Decodable {
        let venueId: Int64
        let startedAt: Moment
        let endedAt: Moment
    }

    @Sendable func riskPoint(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: RiskPointBody.self, context: context)
        let id = try await tracing.markRiskPoint(caseID: try caseID(context), venueID: b.venueId, span: Presence(start: b.startedAt.unix, end: b.endedAt.unix),
                                                 actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    struct ChainBody: Decodable { let toCaseId: Int64 }

    @Sendable func chain(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ChainBody.self, context: context)
        try await tracing.linkCases(from: try caseID(context), to: b.toCaseId, actor: identity.actor)
        return Response(status: .noContent)
    }
}
