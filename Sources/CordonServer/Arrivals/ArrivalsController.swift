import CordonDomain
import CordonStore
import Hummingbird

/// Arrivals (来返报备): the community's list with each arrival's measure and tests, reports by staff, by a citizen for
/// themselves or a family member, and by anyone on the public form; the origins list and its risk levels; trips.
struct ArrivalsController {
    let arrivals: Arrivals
    let registry: Registry
    let tracing: Tracing
    let views: Views


    func addRoutes(public router: Router<AppContext>, pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        router.get("/arrive", use: publicForm)
        router.post("/arrive", use: publicReportFromForm)
        router.post("/api/v1/public/arrivals", use: publicReport)
        pages.get("/arrivals", use: page)
        pages.post("/arrivals", use: reportFromForm)
        pages.post("/arrivals/origins/import", use: importOrigins)
        pages.post("/arrivals/origins/risk", use: originRiskFromForm)
        pages.get("/my/arrivals", use: mine)
        pages.post("/my/arrivals", use: ownReportFromForm)
        pages.get("/residents/:id/trips", use: residentTrips)
        api.get("/arrivals", use: list)
        api.post("/arrivals", use: report)
        api.get("/origins", use: origins)
        api.post("/origins/import", use: importOrigins)
        api.put("/origins/:code/risk", use: originRisk)
        api.get("/me/arrivals", use: ownList)
        api.post("/me/arrivals", use: ownReport)
        api.get("/me/trips", use: ownTrips)
        api.get("/residents/:id/trips", use: tripsAPI)
        api.get("/residents/:id/timeline", use: timelineAPI)
    }

    struct Body: Encodable {
        struct Test: Encodable {
            let day: Int
            let dueBy: Int64
            let sampledAt: Int64?
            let missed: Bool
        }

        let id: Int64
        let residentId: Int64
        let name: String
        let originCode: String
        let originName: String
        let originRisk: String?
        let transport: String
        let tripNumber: String
        let arrivedOn: String
        let measure: String
        let tier: String?
        let assignmentId: Int64?
        let tests: [Test]

        /// `masked` for the public form's answer, which names nobody in full.
        init(_ a: ArrivalRecord, now: Int64, masked: Bool = false) {
            (id, residentId, originCode, originName, originRisk) = (a.id, a.residentID, a.originCode, a.originName, a.originRisk?.rawValue)
            name = masked ? Masking.name(a.name) : a.name
            (transport, tripNumber, arrivedOn, measure, tier, assignmentId) = (a.transport.rawValue, a.tripNumber, a.arrivedOn.description,
                                                                               a.measure.rawValue, a.tier?.rawValue, a.assignmentID)
            tests = a.tests.map { Test(day: $0.day, dueBy: $0.dueBy, sampledAt: $0.sampledAt, missed: $0.sampledAt == nil && $0.dueBy <= now) }
        }
    }

    struct ReportBody: Decodable {
        let residentId: Int64?
        let idNumber: String?
        let phone: String?
        let originCode: String?
        let transport: String?
        let tripNumber: String?
        let arrivedOn: String?
        let address: String?

        /// The report as the rules read it, naming every field at fault at once.
        func report(today: CivilDate) throws -> ArrivalReport {
            try ArrivalReport.validate(originCode: originCode ?? "", transport: transport ?? "", tripNumber: tripNumber ?? "", arrivedOn: arrivedOn ?? "",
                                       address: address ?? "", today: today).get()
        }
    }

    /// `opensAssignments`: whether the reader may open the measure an arrival was placed under, so it is linked.
    func row(_ a: ArrivalRecord, now: Int64, language l: Language, opensAssignments: Bool = false) -> [String: Any] {
        let missed = a.missed(at: now)
        return ["id": a.id, "resident_id": a.residentID, "name": a.name, "address": a.address, "origin": a.originName, "code": a.originCode,
                "risk": a.originRisk.map { views.strings("risk_\($0.rawValue)", l) } ?? views.strings("risk_none", l),
                "transport": views.strings("transport_\(a.transport.rawValue)", l), "trip": a.tripNumber, "on": a.arrivedOn.description,
                "measure": a.tier.map { views.strings("measure_\($0.rawValue)", l) } ?? views.strings("arrival_measure_\(a.measure.rawValue)", l),
                "tests": a.tests.map { t -> [String: Any] in
                    ["day": t.day, "done": t.sampledAt != nil, "missed": t.sampledAt == nil && t.dueBy <= now, "due": Format.time(t.dueBy)]
                },
                "missed": !missed.isEmpty, "assignment": a.assignmentID ?? 0, "placed": a.assignmentID != nil, "opens_assignment": opensAssignments,
                "waiting": a.measure == .quarantine && a.assignmentID == nil]
    }

    func formOptions(_ l: Language) async throws -> [String: Any] {
        let origins = try await arrivals.origins(limit: 2_000)
        return ["transports": Transport.allCases.map { ["value": $0.rawValue, "label": views.strings("transport_\($0.rawValue)", l)] },
                "origins": origins.map { ["code": $0.code, "name": $0.name] }, "today": CivilDate(unixTime: UnixTime.now()).description]
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readArrivals)
        let now = UnixTime.now()
        let l = context.language
        let list = try await arrivals.arrivals(actor: identity.actor, now: now, limit: 500)
        let atRisk = try await arrivals.origins(limit: 5_000).filter { $0.risk != nil }
        var values = try await formOptions(l)
        let opens = identity.may(.readQuarantine)
        values["arrivals"] = list.map { row($0, now: now, language: l, opensAssignments: opens) }
        values["has_arrivals"] = !list.isEmpty
        values["missed_count"] = list.filter { !$0.missed(at: now).isEmpty }.count
        values["can_report"] = identity.may(.reportArrivals)
        values["keeps_origins"] = identity.may(.keepOrigins)
        values["at_risk"] = atRisk.prefix(300).map { ["code": $0.code, "name": $0.name, "risk": $0.risk?.rawValue ?? "",
                                                      "risk_text": views.strings("risk_\($0.risk?.rawValue ?? "none")", l)] }
        values["risks"] = AreaRisk.allCases.reversed().map { ["value": $0.rawValue, "label": views.strings("risk_\($0.rawValue)", l)] }
        values["origin_columns"] = (Arrivals.originColumns.required + Arrivals.originColumns.optional).joined(separator: ",")
        return views.page("arrivals", values, context: context)
    }

    @Sendable func reportFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.reportArrivals)
        let b = try await request.decode(as: ReportBody.self, context: context)
        let resident = try await tracing.person(b.residentId, idNumber: b.idNumber, field: "id_number", actor: identity.actor)
        try await arrivals.report(try b.report(today: CivilDate(unixTime: UnixTime.now())), residentID: resident, actor: identity.actor)
        return Views.redirect("/arrivals")
    }

    @Sendable func importOrigins(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let n = try await arrivals.importOrigins(csv: Array(buffer: body), actor: identity.actor)
        return try JSON.response(["inserted": n], status: .created)
    }

    @Sendable func originRiskFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.keepOrigins)
        let b = try await request.decode(as: OriginRisk.self, context: context)
        try await arrivals.setOriginRisk(code: b.originCode.trimmingSpaces(), risk: b.risk, actor: identity.actor)
        return Views.redirect("/arrivals")
    }

    /// An origin's risk; none (left out) when it is no longer at risk.
    struct RiskBody: Decodable { let risk: AreaRisk? }
    /// The page names the origin in the form, where the API names it in the path.
    struct OriginRisk: Decodable { let originCode: String; let risk: AreaRisk? }

    @Sendable func originRisk(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: RiskBody.self, context: context)
        try await arrivals.setOriginRisk(code: try context.parameters.require("code"), risk: b.risk, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func origins(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        return try JSON.response(["origins": try await arrivals.origins(matching: q, limit: 500)])
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let now = UnixTime.now()
        return try JSON.response(["arrivals": try await arrivals.arrivals(actor: identity.actor, now: now).map { Body($0, now: now) }])
    }

    @Sendable func report(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.reportArrivals)
        let b = try await request.decode(as: ReportBody.self, context: context)
        let now = UnixTime.now()
        let resident = try await tracing.person(b.residentId, idNumber: b.idNumber, field: "id_number", actor: identity.actor)
        let record = try await arrivals.report(try b.report(today: CivilDate(unixTime: now)), residentID: resident, actor: identity.actor, now: now)
        return try JSON.response(Body(record, now: now), status: .created)
    }

    @Sendable func mine(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let now = UnixTime.now()
        let l = context.language
        let own = try await arrivals.ownArrivals(actor: identity.actor, now: now)
        let trips = try await arrivals.ownTrips(actor: identity.actor, now: now)
        let people = try await HealthCodes(registry: registry).ownCodes(actor: identity.actor)
        var values = try await formOptions(l)
        values["people"] = people.map { ["id": $0.residentID, "name": $0.maskedName, "relation": $0.relation ?? views.strings("relation_self", l)] }
        values["arrivals"] = own.map { row($0, now: now, language: l) }
        values["has_arrivals"] = !own.isEmpty
        values["trips"] = tripRows(trips, l)
        values["has_trips"] = !trips.isEmpty
        return views.page("arrivals_mine", values, context: context)
    }

    func tripRows(_ trips: [TripEntry], _ l: Language) -> [[String: Any]] {
        trips.map { ["at": Format.time($0.at), "kind": views.strings("trip_\($0.kind.rawValue)", l), "place": $0.place, "detail": $0.detail] }
    }

    @Sendable func ownReportFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let b = try await request.decode(as: ReportBody.self, context: context)
        guard let resident = b.residentId else { throw FieldErrors(errors: [FieldError(field: "resident_id", code: .missing)]) }
        try await arrivals.reportOwn(try b.report(today: CivilDate(unixTime: UnixTime.now())), residentID: resident, actor: identity.actor)
        return Views.redirect("/my/arrivals")
    }

    @Sendable func ownList(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let now = UnixTime.now()
        return try JSON.response(["arrivals": try await arrivals.ownArrivals(actor: identity.actor, now: now).map { Body($0, now: now) }])
    }

    @Sendable func ownReport(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let b = try await request.decode(as: ReportBody.self, context: context)
        guard let resident = b.residentId else { throw FieldErrors(errors: [FieldError(field: "resident_id", code: .missing)]) }
        let now = UnixTime.now()
        let record = try await arrivals.reportOwn(try b.report(today: CivilDate(unixTime: now)), residentID: resident, actor: identity.actor, now: now)
        return try JSON.response(Body(record, now: now), status: .created)
    }

    @Sendable func ownTrips(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["trips": try await arrivals.ownTrips(actor: identity.actor)])
    }

    /// A staff member's look at someone's trips: an audited read of the person first.
    func trips(_ context: AppContext) async throws -> (ResidentRecord, [TripEntry]) {
        let identity = try context.requireIdentity()
        let now = UnixTime.now()
        let record = try await registry.resident(id: try context.parameters.require("id", as: Int64.self), actor: identity.actor, purpose: "trips",
                                                 today: CivilDate(unixTime: now))
        return (record, try await arrivals.trips(for: record, now: now))
    }

    @Sendable func tripsAPI(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(["trips": try await trips(context).1])
    }

    struct TimelineEntry: Encodable {
        let at: Int64
        let actor: String
        let action: String
        let reason: String
        let detail: String
    }

    @Sendable func timelineAPI(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await registry.resident(id: id, actor: identity.actor, purpose: "timeline", today: CivilDate(unixTime: UnixTime.now()))
        let entries = try await registry.database.journal(subjectType: "resident", subjectID: "\(record.id)", limit: 500)
        return try JSON.response(["timeline": entries.map { TimelineEntry(at: $0.at, actor: $0.actor, action: $0.action, reason: $0.reason, detail: $0.detail) }])
    }

    @Sendable func residentTrips(_ request: Request, context: AppContext) async throws -> Response {
        let (record, trips) = try await trips(context)
        let entries = try await registry.database.journal(subjectType: "resident", subjectID: "\(record.id)", limit: 200)
        let l = context.language
        return views.page("resident_trips", [
            "id": record.id, "name": record.name, "trips": tripRows(trips, l), "has_trips": !trips.isEmpty,
            "timeline": entries.map { ["at": Format.time($0.at), "actor": $0.actor, "action": journalAction($0.action, l),
                                       "reason": $0.reason, "detail": $0.detail] },
            "has_timeline": !entries.isEmpty,
        ], context: context)
    }

    /// The journal's action in words where the table has them (`quarantine.assign` → placed under a measure), else as is.
    func journalAction(_ action: String, _ l: Language) -> String {
        let key = "journal_" + action.replacingOccurrences(of: ".", with: "_")
        let text = views.strings(key, l)
        return text == key ? action : text
    }

    @Sendable func publicForm(_ request: Request, context: AppContext) async throws -> Response {
        var values = try await formOptions(context.language)
        values["done"] = false
        return views.page("arrive", values, context: context)
    }

    /// The public form, for someone without an account: the ID number and phone must be a registered resident's. The
    /// answer never says which of the two did not match.
    func filePublic(idNumber: String, phone: String, _ report: () throws -> ArrivalReport) async throws -> ArrivalRecord {
        var errors: [FieldError] = []
        var card: IDNumber?, number: PhoneNumber?
        do { card = try IDNumber(idNumber) } catch { errors.append(FieldError(field: "id_number", code: error)) }
        do { number = try PhoneNumber(phone) } catch { errors.append(FieldError(field: "phone", code: error)) }
        var parsed: ArrivalReport?
        do { parsed = try report() } catch let e as FieldErrors { errors += e.errors }
        guard errors.isEmpty, let card, let number, let parsed else { throw FieldErrors(errors: errors) }
        return try await arrivals.reportPublic(parsed, idNumber: card, phone: number)
    }

    @Sendable func publicReportFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: ReportBody.self, context: context)
        let now = UnixTime.now()
        let record = try await filePublic(idNumber: b.idNumber ?? "", phone: b.phone ?? "") { try b.report(today: CivilDate(unixTime: now)) }
        var values = try await formOptions(context.language)
        values["done"] = true
        var answer = row(record, now: now, language: context.language)
        answer["name"] = Masking.name(record.name)
        answer["address"] = ""
        values["arrival"] = answer
        return views.page("arrive", values, context: context, status: .created)
    }

    @Sendable func publicReport(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: ReportBody.self, context: context)
        let now = UnixTime.now()
        let record = try await filePublic(idNumber: b.idNumber ?? "", phone: b.phone ?? "") { try b.report(today: CivilDate(unixTime: now)) }
        return try JSON.response(Body(record, now: now, masked: true), status: .created)
    }
}
