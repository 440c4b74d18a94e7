import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Screening pages: the commander's rounds and coverage, the sampler's phone page, the lab's page, the grid worker's
/// follow-up and not-yet-sampled lists, and the public list of sampling sites.
struct ScreeningPagesController {
    let screening: Screening
    let database: Database
    let views: Views

    func addRoutes(to pages: RouterGroup<AppContext>, public router: Router<AppContext>) {
        pages.get("/screening", use: overview)
        pages.post("/screening/rounds", use: openRound)
        pages.get("/screening/rounds/{id}", use: round)
        pages.get("/screening/rounds/{id}/gaps", use: gaps)
        pages.get("/screening/rounds/{id}/turnaround", use: turnaround)
        pages.get("/screening/overdue", use: turnaround)
        pages.post("/screening/rounds/{id}/exemptions", use: exempt)
        pages.get("/screening/sample", use: samplePage)
        pages.post("/screening/sample/open", use: sampleOpen)
        pages.post("/screening/sample/swab", use: sampleSwab)
        pages.post("/screening/sample/close", use: sampleClose)
        pages.post("/screening/sample/dispatch", use: sampleDispatch)
        pages.get("/screening/lab", use: labPage)
        pages.post("/screening/lab/receive", use: labReceive)
        pages.get("/screening/orders", use: ordersPage)
        router.get("/public/sites", use: publicSites)
    }

    private func text(_ key: String, _ context: AppContext) -> String { views.strings(key, context.language) }

    /// The pool sizes a tube or a round may take under the policy in force.
    private func allowedPools() -> [Int] { database.policies.inForce(at: UnixTime.now()).screening.allowedPools }

    /// An area named on a screening page: where a link goes and what it says.
    struct Place: PageModel {
        let id: Int64
        let name: String
    }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let rounds = try await screening.rounds()
        // The pool sizes a line may name are the policy's, said in the hints as the policy says them today.
        let pools = allowedPools().map { ":\($0)" }.joined(separator: " ")
        return views.page("screening", ScreeningPage(
            rounds: rounds.map { ScreeningPage.RoundRow(id: $0.id, name: $0.name, policy: $0.policy, opens: Format.time($0.opensAt),
                                                        closes: Format.time($0.closesAt)) },
            canOpen: identity.may(.openRounds),
            watchesTubes: identity.may(.readTurnaround),
            areasHint: text("round_areas_hint", context).replacingOccurrences(of: "{pools}", with: pools),
            groupsHint: text("round_groups_hint", context).replacingOccurrences(of: "{pools}", with: pools)), context: context)
    }

    /// The screening rounds, and whether the reader may open one and watch the tubes' clocks.
    struct ScreeningPage: PageModel {
        let rounds: [RoundRow]
        let canOpen: Bool
        let watchesTubes: Bool
        let areasHint: String
        let groupsHint: String

        struct RoundRow: PageModel {
            let id: Int64
            let name: String
            let policy: String
            let opens: String
            let closes: String
        }
    }

    @Sendable func openRound(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.openRounds)
        let id = try await request.decode(as: NewRound.self, context: context).open(in: screening, actor: identity.actor)
        return Views.redirect("/screening/rounds/\(id)")
    }

    @Sendable func round(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let area = try await database.scopedArea(request, identity)
        let rows = try await screening.coverage(round: id, area: area, actor: identity.actor)
        let progress = try await screening.progress(round: id)
        let crumbs = try await database.breadcrumbs(of: area, actor: identity.actor)
        return views.page("screening_round", ScreeningRoundPage(
            readsTurnaround: identity.may(.readTurnaround),
            roundId: id, area: Place(id: area.id, name: area.name),
            crumbs: crumbs.map { Place(id: $0.id, name: $0.name) },
            rows: rows.map { r -> ScreeningRoundPage.Row in
                let percent = r.residents == 0 ? 0 : (r.sampled * 100) / r.residents
                return ScreeningRoundPage.Row(id: r.areaID, name: r.name, residents: r.residents, sampled: r.sampled, exempt: r.exempt,
                                              missing: r.residents - r.sampled - r.exempt, percent: percent)
            },
            statuses: TubeStatus.allCases.map {
                ScreeningRoundPage.StatusCount(label: text("status_\($0.rawValue)", context), count: progress.byStatus[$0.rawValue] ?? 0)
            },
            overdue: progress.overdue), context: context)
    }

    /// A round's coverage in an area: each sub-area's residents, sampled, exempt and missing, and its tubes by status.
    struct ScreeningRoundPage: PageModel {
        let readsTurnaround: Bool
        let roundId: Int64
        let area: Place
        let crumbs: [Place]
        let rows: [Row]
        let statuses: [StatusCount]
        let overdue: Int

        struct Row: PageModel {
            let id: Int64
            let name: String
            let residents: Int
            let sampled: Int
            let exempt: Int
            let missing: Int
            let percent: Int
        }

        struct StatusCount: PageModel {
            let label: String
            let count: Int
        }
    }

    @Sendable func gaps(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let area = try await database.scopedArea(request, identity)
        let list = try await screening.gaps(round: id, area: area, actor: identity.actor, limit: 2_000)
        return views.page("screening_gaps", ScreeningGapsPage(
            roundId: id, area: Place(id: area.id, name: area.name), count: list.count,
            people: list.map { ScreeningGapsPage.Person(id: $0.id, name: $0.name, idNumber: $0.idNumber, phone: $0.phone ?? "—",
                                                        address: $0.address, age: $0.age) },
            reasons: ExemptionReason.allCases.map { Choice(value: $0.rawValue, label: text("exempt_\($0.rawValue)", context)) }), context: context)
    }

    /// The people of an area not yet sampled in a round, each with a form to record why they are exempt.
    struct ScreeningGapsPage: PageModel {
        let roundId: Int64
        let area: Place
        let count: Int
        let people: [Person]
        let reasons: [Choice]

        struct Person: PageModel {
            let id: Int64
            let name: String
            let idNumber: String
            let phone: String
            let address: String
            let age: Int
        }
    }

    @Sendable func exempt(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: ScreeningAPIController.Exemption.self, context: context)
        try await screening.exempt(round: id, residentID: b.residentId, reason: b.reason, actor: identity.actor)
        // Back to the list the person came from, as the form's address names it.
        let area = request.uri.queryParameters["area"].flatMap { Int64($0) } ?? identity.actor.jurisdiction.id
        return Views.redirect("/screening/rounds/\(id)/gaps?area=\(area)")
    }

    @Sendable func turnaround(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readTurnaround)
        let round = context.parameters.get("id", as: Int64.self)
        let l = context.language
        func minutes(_ m: Int?) -> String { m.map { "\($0 / 60):\($0 % 60 < 10 ? "0" : "")\($0 % 60)" } ?? "—" }
        func rows(_ list: [TurnaroundRow]) -> [ScreeningTurnaroundPage.Row] {
            list.map { ScreeningTurnaroundPage.Row(code: $0.code, name: $0.name, tubes: $0.tubes, receipt: minutes($0.averageMinutesToReceipt),
                                                   result: minutes($0.averageMinutesToResult)) }
        }
        var clocks: (labs: [TurnaroundRow], sites: [TurnaroundRow]) = ([], [])
        if let round { clocks = try await screening.turnaround(round: round) }
        let overdue = try await screening.overdueTubes(actor: identity.actor, round: round)
        let policy = database.policies.inForce(at: UnixTime.now()).screening
        return views.page("screening_turnaround", ScreeningTurnaroundPage(
            roundId: round, hasRound: round != nil, labs: rows(clocks.labs), sites: rows(clocks.sites),
            overdueCount: overdue.count,
            overdue: overdue.map { ScreeningTurnaroundPage.Tube(barcode: $0.barcode, site: $0.site, status: text("status_\($0.status)", context),
                                                                purpose: text("purpose_\($0.purpose)", context), hours: $0.hoursSinceSampling) },
            limits: SamplingPurpose.allCases.map { "\(views.strings("purpose_\($0.rawValue)", l)) ≤ \(policy.turnaroundHours[$0] ?? 24) h" }
                .joined(separator: " · ")), context: context)
    }

    /// A round's turnaround by lab and by site (when a round is named), and the tubes past their limit.
    struct ScreeningTurnaroundPage: PageModel {
        let roundId: Int64?
        let hasRound: Bool
        let labs: [Row]
        let sites: [Row]
        let overdueCount: Int
        let overdue: [Tube]
        let limits: String

        struct Row: PageModel {
            let code: String
            let name: String
            let tubes: Int
            let receipt: String
            let result: String
        }

        struct Tube: PageModel {
            let barcode: String
            let site: String
            let status: String
            let purpose: String
            let hours: Int
        }
    }

    @Sendable func samplePage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        let rounds = try await screening.rounds(limit: 5).map { ScreeningSamplePage.RoundChoice(id: $0.id, name: $0.name) }
        let sites = try await screening.sites(near: identity.actor.jurisdiction).map { ScreeningSamplePage.SiteChoice(code: $0.code, name: $0.name) }
        var shown: ScreeningSamplePage.Tube?
        if let barcode = request.uri.queryParameters["tube"].map(String.init), let tube = try? await screening.tube(barcode: barcode) {
            shown = ScreeningSamplePage.Tube(barcode: tube.barcode, capacity: tube.capacity, members: tube.members, names: tube.names,
                                             open: tube.status == .open, status: text("status_\(tube.status.rawValue)", context))
        }
        return views.page("screening_sample", ScreeningSamplePage(rounds: rounds, sites: sites, tube: shown, pools: allowedPools()), context: context)
    }

    /// The sampler's page: the tube being filled, if one is named, and the rounds and sites to open a tube in.
    struct ScreeningSamplePage: PageModel {
        let rounds: [RoundChoice]
        let sites: [SiteChoice]
        let tube: Tube?
        /// The pool sizes the policy in force allows.
        let pools: [Int]

        struct RoundChoice: PageModel {
            let id: Int64
            let name: String
        }

        struct SiteChoice: PageModel {
            let code: String
            let name: String
        }

        struct Tube: PageModel {
            let barcode: String
            let capacity: Int
            let members: Int
            let names: [String]
            let open: Bool
            let status: String
        }
    }

    @Sendable func sampleOpen(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        let b = try await request.decode(as: ScreeningAPIController.NewTube.self, context: context)
        let tube = try await screening.openTube(barcode: b.barcode, siteCode: b.site, roundID: b.roundId, capacity: b.capacity, purpose: b.purpose,
                                                actor: identity.actor)
        return Views.redirect("/screening/sample?tube=\(tube.barcode)")
    }

    /// The sampling page's tube forms name the tube in the form, where the API names it in the path.
    struct SwabInTube: Decodable { let barcode: String; let idNumber: String }
    struct TubeRef: Decodable { let barcode: String }
    /// The lab page names the batch it scans in the form.
    struct BatchRef: Decodable { let code: String }

    @Sendable func sampleSwab(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        let b = try await request.decode(as: SwabInTube.self, context: context)
        let tube = try await screening.addSwab(barcode: b.barcode, idNumber: b.idNumber, actor: identity.actor)
        return Views.redirect("/screening/sample?tube=\(tube.barcode)")
    }

    @Sendable func sampleClose(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        let b = try await request.decode(as: TubeRef.self, context: context)
        let tube = try await screening.closeTube(barcode: b.barcode, actor: identity.actor)
        return Views.redirect("/screening/sample?tube=\(tube.barcode)")
    }

    @Sendable func sampleDispatch(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        let b = try await request.decode(as: ScreeningAPIController.NewBatch.self, context: context)
        try await screening.dispatch(batch: b.code, labCode: b.lab, barcodes: b.tubes.items, actor: identity.actor)
        return Views.redirect("/screening/sample")
    }

    @Sendable func labPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.receiveTubes)
        let batches = try await screening.batchesInTransit(actor: identity.actor)
        return views.page("screening_lab", ScreeningLabPage(
            received: request.uri.queryParameters["received"].map(String.init),
            batches: batches.map { ScreeningLabPage.Batch(code: $0.code, departed: Format.time($0.departedAt), tubes: $0.tubes) }), context: context)
    }

    /// The lab's page: how many tubes were just received, and the batches on their way.
    struct ScreeningLabPage: PageModel {
        let received: String?
        let batches: [Batch]

        struct Batch: PageModel {
            let code: String
            let departed: String
            let tubes: Int
        }
    }

    @Sendable func labReceive(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.receiveTubes)
        let b = try await request.decode(as: BatchRef.self, context: context)
        let n = try await screening.receive(batch: b.code, actor: identity.actor)
        return Views.redirect("/screening/lab?received=\(n)")
    }

    @Sendable func ordersPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let orders = try await screening.openOrders(actor: identity.actor)
        return views.page("screening_orders", ScreeningOrdersPage(
            orders: orders.map { ScreeningOrdersPage.Order(id: $0.residentID, name: $0.name, address: $0.address,
                                                           action: text("action_\($0.action)", context), since: Format.time($0.since)) }),
                          context: context)
    }

    /// The grid worker's open follow-up orders: who, what to do, and since when.
    struct ScreeningOrdersPage: PageModel {
        let orders: [Order]

        struct Order: PageModel {
            let id: Int64
            let name: String
            let address: String
            let action: String
            let since: String
        }
    }

    @Sendable func publicSites(_ request: Request, context: AppContext) async throws -> Response {
        let code = request.uri.queryParameters["area"].map(String.init)
        let sites = try await screening.publicSites(areaCode: code)
        if request.headers[.accept]?.contains("application/json") == true { return try JSON.response(["sites": sites]) }
        return views.page("public_sites", PublicSitesPage(
            area: code ?? "",
            sites: sites.map { s in
                PublicSitesPage.Site(code: s.code, name: s.name, area: s.area, desks: s.desks, capacity: s.dailyCapacity, wait: s.waitMinutes,
                                     hours: s.hours, open: s.openNow, kind: text("site_kind_\(s.kind.rawValue)", context))
            }), context: context)
    }

    /// The public list of sampling sites, for an area code if one was asked: open or not, hours, desks and the wait.
    struct PublicSitesPage: PageModel {
        let area: String
        let sites: [Site]

        struct Site: PageModel {
            let code: String
            let name: String
            let area: String
            let desks: Int
            let capacity: Int
            let wait: Int
            let hours: String
            let open: Bool
            let kind: String
        }
    }
}
