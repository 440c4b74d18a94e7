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

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let rounds = try await screening.rounds()
        return views.page("screening", [
            "rounds": rounds.map { ["id": $0.id, "name": $0.name, "policy": $0.policy, "opens": Format.time($0.opensAt), "closes": Format.time($0.closesAt)] },
            "can_open": identity.may(.openRounds),
            "watches_tubes": identity.may(.readTurnaround),
        ], context: context)
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
        return views.page("screening_round", [
            "reads_turnaround": identity.may(.readTurnaround),
            "round_id": id, "area": ["id": area.id, "name": area.name],
            "crumbs": crumbs.map { ["id": $0.id, "name": $0.name] },
            "rows": rows.map { r -> [String: Any] in
                let percent = r.residents == 0 ? 0 : (r.sampled * 100) / r.residents
                return ["id": r.areaID, "name": r.name, "residents": r.residents, "sampled": r.sampled, "exempt": r.exempt,
                        "missing": r.residents - r.sampled - r.exempt, "percent": percent]
            },
            "statuses": TubeStatus.allCases.map { ["label": text("status_\($0.rawValue)", context), "count": progress.byStatus[$0.rawValue] ?? 0] },
            "overdue": progress.overdue,
        ], context: context)
    }

    @Sendable func gaps(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let area = try await database.scopedArea(request, identity)
        let list = try await screening.gaps(round: id, area: area, actor: identity.actor, limit: 2_000)
        return views.page("screening_gaps", [
            "round_id": id, "area": ["id": area.id, "name": area.name], "count": list.count,
            "people": list.map { ["id": $0.id, "name": $0.name, "id_number": $0.idNumber, "phone": $0.phone ?? "—", "address": $0.address, "age": $0.age] },
            "reasons": ExemptionReason.allCases.map { ["value": $0.rawValue, "label": text("exempt_\($0.rawValue)", context)] },
        ], context: context)
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
        func rows(_ list: [TurnaroundRow]) -> [[String: Any]] {
            list.map { ["code": $0.code, "name": $0.name, "tubes": $0.tubes, "receipt": minutes($0.averageMinutesToReceipt),
                        "result": minutes($0.averageMinutesToResult)] }
        }
        var data: [String: Any] = [:]
        if let round {
            let clocks = try await screening.turnaround(round: round)
            data = ["round_id": round, "has_round": true, "labs": rows(clocks.labs), "sites": rows(clocks.sites)]
        }
        let overdue = try await screening.overdueTubes(actor: identity.actor, round: round)
        let policy = database.policies.inForce(at: UnixTime.now()).screening
        data["overdue_count"] = overdue.count
        data["overdue"] = overdue.map { ["barcode": $0.barcode, "site": $0.site, "status": text("status_\($0.status)", context),
                                         "purpose": text("purpose_\($0.purpose)", context), "hours": $0.hoursSinceSampling] }
        data["limits"] = SamplingPurpose.allCases.map { "\(views.strings("purpose_\($0.rawValue)", l)) ≤ \(policy.turnaroundHours[$0] ?? 24) h" }
            .joined(separator: " · ")
        return views.page("screening_turnaround", data, context: context)
    }

    @Sendable func samplePage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.takeSamples)
        var data: [String: Any] = [
            "rounds": try await screening.rounds(limit: 5).map { ["id": $0.id, "name": $0.name] },
            "sites": try await screening.sites(near: identity.actor.jurisdiction).map { ["code": $0.code, "name": $0.name] },
        ]
        if let barcode = request.uri.queryParameters["tube"].map(String.init), let tube = try? await screening.tube(barcode: barcode) {
            data["tube"] = ["barcode": tube.barcode, "capacity": tube.capacity, "members": tube.members, "names": tube.names,
                            "open": tube.status == .open, "status": text("status_\(tube.status.rawValue)", context)]
        }
        return views.page("screening_sample", data, context: context)
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
        return views.page("screening_lab", [
            "received": request.uri.queryParameters["received"].map(String.init) ?? false,
            "batches": batches.map { ["code": $0.code, "departed": Format.time($0.departedAt), "tubes": $0.tubes] },
        ], context: context)
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
        return views.page("screening_orders", [
            "orders": orders.map { ["id": $0.residentID, "name": $0.name, "address": $0.address, "action": text("action_\($0.action)", context),
                                    "since": Format.time($0.since)] },
        ], context: context)
    }

    @Sendable func publicSites(_ request: Request, context: AppContext) async throws -> Response {
        let code = request.uri.queryParameters["area"].map(String.init)
        let sites = try await screening.publicSites(areaCode: code)
        if request.headers[.accept]?.contains("application/json") == true { return try JSON.response(["sites": sites]) }
        return views.page("public_sites", [
            "area": code ?? "",
            "sites": sites.map { s -> [String: Any] in
                ["code": s.code, "name": s.name, "area": s.area, "desks": s.desks, "capacity": s.dailyCapacity, "wait": s.waitMinutes,
                 "hours": s.hours, "open": s.openNow, "kind": text("site_kind_\(s.kind.rawValue)", context)]
            },
        ], context: context)
    }
}
