import CordonDomain
import CordonStore
import Hummingbird

/// The contact ledger (密接台账): contacts pushed to the communities they live in, each stage recorded with its
/// clock, overdue ones listed per community, exported as CSV, and contacts from other teams imported.
struct ContactsController {
    let tracing: Tracing
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/contacts", use: page)
        pages.post("/contacts/import", use: importCSV)
        pages.get("/contacts/export.csv", use: export)
        pages.post("/contacts/:id/stage", use: stageFromForm)
        api.get("/contacts", use: list)
        api.get("/contacts/overdue-by-community", use: overdue)
        api.get("/contacts/export.csv", use: export)
        api.post("/contacts/import", use: importCSV)
        api.post("/contacts/:id/stages", use: stage)
    }

    func filter(_ request: Request) throws -> Tracing.LedgerFilter {
        guard let raw = request.uri.queryParameters["filter"] else { return .open }
        guard let filter = Tracing.LedgerFilter(rawValue: String(raw)) else { throw TracingError(.unknownValue, field: "filter") }
        return filter
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["contacts": try await tracing.ledger(actor: identity.actor, filter: try filter(request))])
    }

    @Sendable func overdue(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["communities": try await tracing.overdueByCommunity(actor: identity.actor)])
    }

    struct StageBody: Decodable {
        let stage: LedgerStage
        let at: Moment?
        let note: String?
    }

    @Sendable func stage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.keepLedger)
        let b = try await request.decode(as: StageBody.self, context: context)
        try await tracing.record(contactID: try context.parameters.require("id", as: Int64.self), stage: b.stage, at: b.at?.unix, note: b.note ?? "",
                                 actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func stageFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.keepLedger)
        let b = try await request.decode(as: StageBody.self, context: context)
        try await tracing.record(contactID: try context.parameters.require("id", as: Int64.self), stage: b.stage, at: b.at?.unix, note: b.note ?? "",
                                 actor: identity.actor)
        // The list the person came from, as the form's address names it.
        return Views.redirect("/contacts?filter=\(try filter(request).rawValue)")
    }

    struct ImportBody: Encodable {
        let inserted: Int
        let alreadyKnown: Int
    }

    @Sendable func importCSV(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let report = try await tracing.importContacts(csv: Array(buffer: body), actor: identity.actor)
        return try JSON.response(ImportBody(inserted: report.added, alreadyKnown: report.alreadyKnown), status: .created)
    }

    @Sendable func export(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let text = try await tracing.ledgerCSV(actor: identity.actor, filter: try filter(request))
        return RegistryController.csv(text, name: "contacts.csv")
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCases)
        let words = TracingWords(strings: views.strings, language: context.language)
        let filter = try filter(request)
        let now = UnixTime.now()
        let entries = try await tracing.ledger(actor: identity.actor, filter: filter, limit: 500, now: now)
        let openable = try await tracing.openableCases(Set(entries.flatMap(\.caseIDs)), actor: identity.actor)
        let recorder = identity.may(.keepLedger)
        // Overdue by community is for those who oversee several; a grid worker's ledger is their grid.
        let officer = identity.may(.readDashboard)
        let communities = officer ? try await tracing.overdueByCommunity(actor: identity.actor, now: now).map {
            ContactsPage.Community(name: $0.areaName, open: $0.open, overdue: $0.overdue)
        } : []
        let toTest = try await tracing.visitorsToTest(actor: identity.actor, limit: 300).map { item in
            ContactsPage.Visitor(id: item.visitor.residentID, name: item.visitor.name, address: item.visitor.address, venue: item.point.venueName,
                                 visited: Format.time(item.visitor.visitedAt))
        }
        return views.page("contacts", ContactsPage(
            filters: Tracing.LedgerFilter.allCases.map { ContactsPage.Filter(value: $0.rawValue, label: words("ledger_\($0.rawValue)"), current: $0 == filter) },
            filter: filter.rawValue,
            entries: entries.map { e in
                ContactsPage.Entry(
                    id: e.contactID, name: e.name, phone: e.phoneMasked ?? "", address: e.address, tier: words.tier(e.tier),
                    tierKey: e.tier.rawValue, cases: e.caseIDs.map { ContactsPage.CaseRef(id: $0, opens: openable.contains($0)) },
                    exposed: Format.time(e.exposedAt),
                    stages: LedgerStage.allCases.map { s in
                        ContactsPage.Stage(label: words.stage(s), at: e.clock.stamps[s].map(Format.time) ?? "—", done: e.clock.stamps[s] != nil)
                    },
                    next: e.next.map { Choice(value: $0.rawValue, label: words.stage($0)) },
                    due: e.dueAt.map(Format.time) ?? "", overdue: e.overdue, canRecord: recorder && e.next != nil)
            },
            hasEntries: !entries.isEmpty,
            communities: communities,
            toTest: toTest,
            officer: officer, canImport: identity.may(.traceCases),
            importColumns: (Tracing.importColumns.required + Tracing.importColumns.optional).joined(separator: ",")), context: context)
    }

    /// The contact ledger under one filter, each contact's stages and next step, the visitors of risk points still to
    /// test, overdue counts by community for officers, and the import form.
    struct ContactsPage: PageModel {
        let filters: [Filter]
        let filter: String
        let entries: [Entry]
        let hasEntries: Bool
        let communities: [Community]
        let toTest: [Visitor]
        let officer: Bool
        let canImport: Bool
        let importColumns: String

        struct Filter: PageModel {
            let value: String
            let label: String
            let current: Bool
        }

        struct Entry: PageModel {
            let id: Int64
            let name: String
            let phone: String
            let address: String
            let tier: String
            let tierKey: String
            let cases: [CaseRef]
            let exposed: String
            let stages: [Stage]
            /// The stage to record next, if any.
            let next: Choice?
            let due: String
            let overdue: Bool
            let canRecord: Bool
        }

        struct CaseRef: PageModel {
            let id: Int64
            let opens: Bool
        }

        struct Stage: PageModel {
            let label: String
            let at: String
            let done: Bool
        }

        struct Community: PageModel {
            let name: String
            let open: Int
            let overdue: Int
        }

        struct Visitor: PageModel {
            let id: Int64
            let name: String
            let address: String
            let venue: String
            let visited: String
        }
    }
}
