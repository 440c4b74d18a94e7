import CordonDomain
import CordonStore
import Hummingbird

/// The case page: details and outcome, the trajectory as a timeline and a table with interview entries, the contacts
/// proposed and decided, the risk points it led to, and its chain; each form posts back here.
struct CasePageController {
    let tracing: Tracing
    let views: Views
    static let pageLinks = 300

    func addRoutes(pages: RouterGroup<AppContext>) {
        pages.get("/cases/:id", use: page)
        pages.post("/cases/:id/outcome", use: outcomeFromForm)
        pages.post("/cases/:id/entries", use: addEntryFromForm)
        pages.post("/cases/:id/entries/:entry/remove", use: removeEntryFromForm)
        pages.post("/cases/:id/propose", use: proposeFromForm)
        pages.post("/cases/:id/contacts", use: addContactFromForm)
        pages.post("/cases/:id/links/:link/:decision", use: decideFromForm)
        pages.post("/cases/:id/confirm-all", use: confirmAllFromForm)
        pages.post("/cases/:id/risk-points", use: riskPointFromForm)
        pages.post("/cases/:id/chain", use: chainFromForm)
    }

    func caseID(_ context: AppContext) throws -> Int64 { try context.parameters.require("id", as: Int64.self) }


    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCases)
        let id = try caseID(context)
        let words = TracingWords(strings: views.strings, language: context.language)
        let record = try await tracing.openCase(id, actor: identity.actor)
        let trajectory = try await tracing.trajectory(caseID: id, actor: identity.actor)
        // A busy case can have thousands of secondary contacts: the page lists the first few hundred and counts the rest.
        let links = try await tracing.links(caseID: id, actor: identity.actor, limit: Self.pageLinks)
        let counts = try await tracing.linkCounts(caseID: id, actor: identity.actor)
        let total = counts.values.flatMap(\.values).reduce(0, +)
        let points = try await tracing.riskPoints(caseID: id, actor: identity.actor)
        let (clusters, cases) = try await tracing.clusters(actor: identity.actor)
        let chain = Clusters.chain(of: id, in: clusters)
        let tracer = identity.may(.traceCases) && record.closedAt == nil
        let pointKeys = Set(points.map { "\($0.venueID)@\($0.startsAt)" })
        return views.page("case", CasePage(
            case: words.caseRow(record), address: record.address, sampled: Format.time(record.sampledAt),
            treatedAt: record.treatedAt.isEmpty ? "—" : record.treatedAt, isolated: record.isolatedAt.map(Format.time) ?? "—",
            tube: record.tubeBarcode ?? "—",
            window: "\(Format.time(trajectory.window.start)) – \(Format.time(trajectory.window.end))",
            timeline: TimelineChart.svg(trajectory, label: words("case_timeline"), scanLabel: words("source_scan"), interviewLabel: words("source_interview")),
            items: trajectory.items.map { item in
                CasePage.Item(place: item.place, from: Format.time(item.startedAt), to: Format.time(item.endedAt), note: item.note,
                              source: words("source_\(item.source.rawValue)"), entryId: item.entryID, venueId: item.venueID,
                              startedAt: item.startedAt, endedAt: item.endedAt,
                              canMark: tracer && item.venueID != nil && !pointKeys.contains("\(item.venueID ?? 0)@\(item.startedAt)"))
            },
            links: links.map { l in
                CasePage.Link(id: l.id, name: l.name, tier: words.tier(l.tier), route: words.route(l.route), venue: l.venueName ?? "",
                              via: l.viaName ?? "", exposed: Format.time(l.exposedAt), status: words("link_\(l.status.rawValue)"),
                              statusKey: l.status.rawValue, reason: l.reason ?? "", canConfirm: tracer && l.status != .confirmed,
                              canRemove: tracer && l.status != .removed)
            },
            hasLinks: !links.isEmpty,
            pendingTiers: ContactTier.allCases.compactMap { t -> CasePage.PendingTier? in
                let n = counts[t]?[.proposed] ?? 0
                return tracer && n > 0 ? CasePage.PendingTier(value: t.rawValue, label: words.tier(t), n: n) : nil
            },
            counts: ContactTier.allCases.flatMap { t in ContactLink.Status.allCases.compactMap { s -> CasePage.Count? in
                counts[t]?[s].map { CasePage.Count(label: "\(words.tier(t)) · \(words("link_\(s.rawValue)"))", n: $0) }
            } },
            truncated: total > links.count, shown: links.count, total: total,
            points: points.map { CasePage.Point(id: $0.id, venue: $0.venueName, from: Format.time($0.startsAt), to: Format.time($0.endsAt),
                                                visitors: $0.visitors, lifted: $0.lifted) },
            hasPoints: !points.isEmpty,
            chain: ClusterGraph.svg(chain.map { [$0] } ?? [], cases: cases, label: words("case_chain"), highlight: id),
            chainSize: chain?.size ?? 1,
            tracer: tracer, tiers: words.options(ContactTier.self, prefix: "tier", selected: .close),
            outcomes: words.options(CaseOutcome.self, prefix: "outcome", selected: record.outcome),
            canOutcome: identity.may(.traceCases),
            now: LocalTime.format(UnixTime.now())), context: context)
    }

    /// A case: its details and outcome form, trajectory, contacts and their counts, risk points, and chain.
    struct CasePage: PageModel {
        let `case`: TracingWords.CaseRow
        let address: String
        let sampled: String
        let treatedAt: String
        let isolated: String
        let tube: String
        let window: String
        /// SVG, rendered unescaped.
        let timeline: String
        let items: [Item]
        let links: [Link]
        let hasLinks: Bool
        let pendingTiers: [PendingTier]
        let counts: [Count]
        let truncated: Bool
        let shown: Int
        let total: Int
        let points: [Point]
        let hasPoints: Bool
        /// SVG, rendered unescaped.
        let chain: String
        let chainSize: Int
        let tracer: Bool
        let tiers: [Choice]
        let outcomes: [Choice]
        let canOutcome: Bool
        let now: String

        /// A stretch of the trajectory; an interview entry has an id (and can be removed), a venue can be marked.
        struct Item: PageModel {
            let place: String
            let from: String
            let to: String
            let note: String
            let source: String
            let entryId: Int64?
            let venueId: Int64?
            let startedAt: Int64
            let endedAt: Int64
            let canMark: Bool
        }

        struct Link: PageModel {
            let id: Int64
            let name: String
            let tier: String
            let route: String
            let venue: String
            let via: String
            let exposed: String
            let status: String
            let statusKey: String
            let reason: String
            let canConfirm: Bool
            let canRemove: Bool
        }

        /// A tier with proposed contacts to confirm at once.
        struct PendingTier: PageModel {
            let value: String
            let label: String
            let n: Int
        }

        struct Count: PageModel {
            let label: String
            let n: Int
        }

        struct Point: PageModel {
            let id: Int64
            let venue: String
            let from: String
            let to: String
            let visitors: Int
            let lifted: Bool
        }
    }

    @Sendable func outcomeFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.traceCases)
        let b = try await request.decode(as: CaseController.OutcomeBody.self, context: context)
        let id = try caseID(context)
        try await tracing.setOutcome(caseID: id, b.outcome, reason: b.reason, actor: identity.actor)
        return Views.redirect("/cases/\(id)")
    }

    @Sendable func addEntryFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.traceCases)
        let b = try await request.decode(as: CaseController.EntryBody.self, context: context)
        let id = try caseID(context)
        try await tracing.addEntry(caseID: id, venueCode: b.venueCode, place: b.place ?? "", span: Presence(start: b.startedAt.unix, end: b.endedAt.unix),
                                   note: b.note ?? "", actor: identity.actor)
        return Views.redirect("/cases/\(id)#trajectory")
    }

    @Sendable func removeEntryFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.traceCases)
        let b = try await request.decode(as: ReasonBody.self, context: context)
        let id = try caseID(context)
        try await tracing.removeEntry(caseID: id, entryID: try context.parameters.require("entry", as: Int64.self), reason: b.reason,
                                      actor: identity.actor)
        return Views.redirect("/cases/\(id)#trajectory")
    }

    @Sendable func proposeFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try caseID(context)
        try await tracing.propose(caseID: id, actor: identity.actor)
        return Views.redirect("/cases/\(id)#contacts")
    }

    @Sendable func addContactFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.traceCases)
        let b = try await request.decode(as: CaseController.ContactBody.self, context: context)
        let id = try caseID(context)
        _ = try await tracing.addContact(caseID: id, residentID: b.residentId, idNumber: b.idNumber, tier: b.tier, via: b.viaIdNumber,
                                         exposedAt: b.exposedAt.unix, reason: b.reason, actor: identity.actor)
        return Views.redirect("/cases/\(id)#contacts")
    }

    /// The link's decision is in the path; removing one takes a reason.
    @Sendable func decideFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try caseID(context)
        let decision = try context.parameters.require("decision")
        guard decision == "confirm" || decision == "remove" else { throw AppError.notFound }
        let b = try await request.decode(as: CaseController.DecisionReason.self, context: context)
        try await tracing.decide(linkID: try context.parameters.require("link", as: Int64.self), confirm: decision == "confirm",
                                 reason: b.reason ?? "", actor: identity.actor)
        return Views.redirect("/cases/\(id)#contacts")
    }

    @Sendable func riskPointFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.traceCases)
        let b = try await request.decode(as: CaseController.RiskPointBody.self, context: context)
        let id = try caseID(context)
        try await tracing.markRiskPoint(caseID: id, venueID: b.venueId, span: Presence(start: b.startedAt.unix, end: b.endedAt.unix), actor: identity.actor)
        return Views.redirect("/cases/\(id)#risk-points")
    }

    @Sendable func chainFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.traceCases)
        let b = try await request.decode(as: CaseController.ChainBody.self, context: context)
        let id = try caseID(context)
        try await tracing.linkCases(from: id, to: b.toCaseId, actor: identity.actor)
        return Views.redirect("/cases/\(id)#chain")
    }

    @Sendable func confirmAllFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.traceCases)
        let b = try await request.decode(as: CaseController.TierBody.self, context: context)
        let id = try caseID(context)
        try await tracing.confirmAll(caseID: id, tier: b.tier, actor: identity.actor)
        return Views.redirect("/cases/\(id)#contacts")
    }
}
