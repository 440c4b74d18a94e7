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
    func row(_ a: ArrivalRecord, now: Int64, language l: Language, opensAssignments: Bool = false) -> ArrivalRow {
        let missed = a.missed(at: now)
        return ArrivalRow(id: a.id, residentId: a.residentID, name: a.name, address: a.address, origin: a.originName, code: a.originCode,
                          risk: a.originRisk.map { views.strings("risk_\($0.rawValue)", l) } ?? views.strings("risk_none", l),
                          transport: views.strings("transport_\(a.transport.rawValue)", l), trip: a.tripNumber, on: a.arrivedOn.description,
                          measure: a.tier.map { views.strings("measure_\($0.rawValue)", l) } ?? views.strings("arrival_measure_\(a.measure.rawValue)", l),
                          tests: a.tests.map { t in
                              .init(day: t.day, done: t.sampledAt != nil, missed: t.sampledAt == nil && t.dueBy <= now, due: Format.time(t.dueBy))
                          },
                          missed: !missed.isEmpty, assignment: a.assignmentID ?? 0, placed: a.assignmentID != nil, opensAssignment: opensAssignments,
                          waiting: a.measure == .quarantine && a.assignmentID == nil)
    }

    /// One arrival in a list: who, from where and how, the measure it brought with its tests, and the room it waits for.
    struct ArrivalRow: PageModel {
        let id: Int64
        let residentId: Int64
        var name: String
        var address: String
        let origin: String
        let code: String
        let risk: String
        let transport: String
        let trip: String
        let on: String
        let measure: String
        let tests: [Test]
        let missed: Bool
        let assignment: Int64
        let placed: Bool
        let opensAssignment: Bool
        let waiting: Bool

        struct Test: PageModel {
            let day: Int
            let done: Bool
            let missed: Bool
            let due: String
        }
    }

    /// What the report form (`arrival_fields`) offers: the ways of travel, the origins, and today as the latest date.
    struct FormOptions: Sendable {
        let transports: [Choice]
        let origins: [OriginOption]
        let today: String
    }

    /// An origin the report form suggests.
    struct OriginOption: PageModel {
        let code: String
        let name: String
    }

    func formOptions(_ l: Language) async throws -> FormOptions {
        let origins = try await arrivals.origins(limit: 2_000)
        return FormOptions(transports: Transport.allCases.map { Choice(value: $0.rawValue, label: views.strings("transport_\($0.rawValue)", l)) },
                           origins: origins.map { OriginOption(code: $0.code, name: $0.name) }, today: CivilDate(unixTime: UnixTime.now()).description)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readArrivals)
        let now = UnixTime.now()
        let l = context.language
        let list = try await arrivals.arrivals(actor: identity.actor, now: now, limit: 500)
        let atRisk = try await arrivals.origins(limit: 5_000).filter { $0.risk != nil }
        let form = try await formOptions(l)
        let opens = identity.may(.readQuarantine)
        return views.page("arrivals", ArrivalsPage(
            transports: form.transports, origins: form.origins, today: form.today,
            arrivals: list.map { row($0, now: now, language: l, opensAssignments: opens) },
            hasArrivals: !list.isEmpty,
            missedCount: list.filter { !$0.missed(at: now).isEmpty }.count,
            canReport: identity.may(.reportArrivals),
            keepsOrigins: identity.may(.keepOrigins),
            atRisk: atRisk.prefix(300).map { .init(code: $0.code, name: $0.name, risk: $0.risk?.rawValue ?? "",
                                                   riskText: views.strings("risk_\($0.risk?.rawValue ?? "none")", l)) },
            risks: AreaRisk.allCases.reversed().map { Choice(value: $0.rawValue, label: views.strings("risk_\($0.rawValue)", l)) },
            originColumns: (Arrivals.originColumns.required + Arrivals.originColumns.optional).joined(separator: ",")
        ), context: context)
    }

    /// The community's arrivals with their measures and missed tests, the report form, and the origins at risk.
    struct ArrivalsPage: PageModel {
        let transports: [Choice]
        let origins: [OriginOption]
        let today: String
        let arrivals: [ArrivalRow]
        let hasArrivals: Bool
        let missedCount: Int
        let canReport: Bool
        let keepsOrigins: Bool
        let atRisk: [AtRisk]
        let risks: [Choice]
        let originColumns: String

        struct AtRisk: PageModel {
            let code: String
            let name: String
            let risk: String
            let riskText: String
        }
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
        let form = try await formOptions(l)
        return views.page("arrivals_mine", ArrivalsMinePage(
            transports: form.transports, origins: form.origins, today: form.today,
            people: people.map { .init(id: $0.residentID, name: $0.maskedName, relation: $0.relation ?? views.strings("relation_self", l)) },
            arrivals: own.map { row($0, now: now, language: l) },
            hasArrivals: !own.isEmpty,
            trips: tripRows(trips, l),
            hasTrips: !trips.isEmpty
        ), context: context)
    }

    /// A citizen's report form for themselves or those they act for, their arrivals and their trips.
    struct ArrivalsMinePage: PageModel {
        let transports: [Choice]
        let origins: [OriginOption]
        let today: String
        let people: [Person]
        let arrivals: [ArrivalRow]
        let hasArrivals: Bool
        let trips: [TripRow]
        let hasTrips: Bool

        struct Person: PageModel {
            let id: Int64
            let name: String
            let relation: String
        }
    }

    func tripRows(_ trips: [TripEntry], _ l: Language) -> [TripRow] {
        trips.map { TripRow(at: Format.time($0.at), kind: views.strings("trip_\($0.kind.rawValue)", l), place: $0.place, detail: $0.detail) }
    }

    /// One trip: when, what kind (arrival, checkpoint, registration), where, and its detail.
    struct TripRow: PageModel {
        let at: String
        let kind: String
        let place: String
        let detail: String
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
        return views.page("resident_trips", ResidentTripsPage(
            id: record.id, name: record.name, trips: tripRows(trips, l), hasTrips: !trips.isEmpty,
            timeline: entries.map { .init(at: Format.time($0.at), actor: $0.actor, action: journalAction($0.action, l),
                                          reason: $0.reason, detail: $0.detail) },
            hasTimeline: !entries.isEmpty
        ), context: context)
    }

    /// A person's trips and the journal of what was done about them, for staff.
    struct ResidentTripsPage: PageModel {
        let id: Int64
        let name: String
        let trips: [TripRow]
        let hasTrips: Bool
        let timeline: [Entry]
        let hasTimeline: Bool

        struct Entry: PageModel {
            let at: String
            let actor: String
            let action: String
            let reason: String
            let detail: String
        }
    }

    /// The journal's action in words where the table has them (`quarantine.assign` → placed under a measure), else as is.
    func journalAction(_ action: String, _ l: Language) -> String {
        let key = "journal_" + action.replacingOccurrences(of: ".", with: "_")
        let text = views.strings(key, l)
        return text == key ? action : text
    }

    @Sendable func publicForm(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await formOptions(context.language)
        return views.page("arrive", ArrivePage(transports: form.transports, origins: form.origins, today: form.today, done: false, arrival: nil),
                          context: context)
    }

    /// The public arrival form for someone without an account and, once sent, what was received and the tests it asks.
    struct ArrivePage: PageModel {
        let transports: [Choice]
        let origins: [OriginOption]
        let today: String
        let done: Bool
        let arrival: ArrivalRow?
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
        let form = try await formOptions(context.language)
        var answer = row(record, now: now, language: context.language)
        answer.name = Masking.name(record.name)
        answer.address = ""
        return views.page("arrive", ArrivePage(transports: form.transports, origins: form.origins, today: form.today, done: true, arrival: answer),
                          context: context, status: .created)
    }

    @Sendable func publicReport(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: ReportBody.self, context: context)
        let now = UnixTime.now()
        let record = try await filePublic(idNumber: b.idNumber ?? "", phone: b.phone ?? "") { try b.report(today: CivilDate(unixTime: now)) }
        return try JSON.response(Body(record, now: now, masked: true), status: .created)
    }
}
