import CordonDomain
import CordonStore
import Hummingbird

/// Quarantine over JSON: sites and rooms, who waits and allocation, measures with their schedules and tests, checks
/// and alerts, release and transfers, capacity, and a citizen's own measure.
struct QuarantineAPIController {
    let quarantine: Quarantine
    let tracing: Tracing

    func addRoutes(api: RouterGroup<AppContext>) {
        api.get("/quarantine/sites", use: sites)
        api.post("/quarantine/sites", use: createSite)
        api.get("/quarantine/sites/:id/rooms", use: rooms)
        api.post("/quarantine/sites/:id/status", use: siteStatus)
        api.post("/quarantine/rooms/:id/service", use: roomService)
        api.get("/quarantine/waiting", use: waiting)
        api.post("/quarantine/allocate", use: allocate)
        api.get("/quarantine/assignments", use: assignments)
        api.post("/quarantine/assignments", use: assign)
        api.get("/quarantine/assignments/:id", use: assignment)
        api.get("/quarantine/assignments/:id/tests", use: tests)
        api.get("/quarantine/assignments/:id/checks", use: checks)
        api.post("/quarantine/assignments/:id/checks", use: check)
        api.post("/quarantine/assignments/:id/release", use: release)
        api.post("/quarantine/assignments/:id/release-early", use: releaseEarly)
        api.post("/quarantine/assignments/:id/extend", use: extend)
        api.post("/quarantine/assignments/:id/transfer", use: transfer)
        api.post("/quarantine/assignments/:id/hospital", use: hospital)
        api.get("/quarantine/alerts", use: alerts)
        api.post("/quarantine/alerts/:id/resolve", use: resolve)
        api.get("/quarantine/tests-due", use: testsDue)
        api.get("/quarantine/capacity", use: capacity)
        api.get("/me/quarantine", use: mine)
        api.post("/me/quarantine/checks", use: ownCheck)
    }

    struct SiteBody: Encodable {
        let id: Int64
        let code: String
        let name: String
        let areaCode: String
        let areaName: String
        let address: String
        let open: Bool
        let rooms: Int
        let inService: Int
        let occupied: Int
        let free: Int

        init(_ s: QuarantineSiteRecord) {
            (id, code, name, areaCode, areaName, address, open) = (s.id, s.code, s.name, s.areaCode, s.areaName, s.address, s.open)
            (rooms, inService, occupied, free) = (s.rooms, s.inService, s.occupied, s.free)
        }
    }

    struct AssignmentBody: Encodable {
        struct Phase: Encodable {
            let kind: String
            let startsAt: Int64
            let endsAt: Int64
        }

        struct Test: Encodable {
            let phase: Int
            let day: Int
            let dueFrom: Int64
            let dueBy: Int64
        }

        struct Stay: Encodable {
            let siteCode: String
            let siteName: String
            let roomNumber: String
            let carerName: String?
            let plannedUntil: Int64
            let open: Bool
        }

        let id: Int64
        let residentId: Int64
        let name: String
        let tier: String
        let policyId: String
        let source: String
        let contactId: Int64?
        let arrivalId: Int64?
        let status: String
        let kind: String?
        let startsAt: Int64
        let endsAt: Int64
        let phases: [Phase]
        let tests: [Test]
        let stay: Stay?
        let endedAt: Int64?
        let endKind: String?
        let endReason: String?

        init(_ a: AssignmentRecord, now: Int64) {
            (id, residentId, name, tier, policyId, source) = (a.id, a.residentID, a.name, a.tier.rawValue, a.policyID, a.source.rawValue)
            (contactId, arrivalId, status, kind) = (a.contactID, a.arrivalID, a.status.rawValue, a.kind(at: now)?.rawValue)
            (startsAt, endsAt) = (a.schedule.start, a.schedule.end)
            phases = a.schedule.phases.map { Phase(kind: $0.kind.rawValue, startsAt: $0.start, endsAt: $0.end) }
            tests = a.schedule.tests.map { Test(phase: $0.phase, day: $0.day, dueFrom: $0.dueFrom, dueBy: $0.dueBy) }
            stay = a.stay.map { Stay(siteCode: $0.siteCode, siteName: $0.siteName, roomNumber: $0.roomNumber, carerName: $0.carerName,
                                     plannedUntil: $0.plannedUntil, open: $0.open) }
            (endedAt, endKind, endReason) = (a.endedAt, a.endKind, a.endReason)
        }
    }

    @Sendable func sites(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["sites": try await quarantine.sites(actor: identity.actor).map(SiteBody.init)])
    }

    struct NewSiteBody: Decodable {
        let code: String
        let name: String
        let areaCode: String
        let address: String?
        let floors: Int
        let roomsPerFloor: Int
        let doubleRoomsPerFloor: Int?

        var site: NewQuarantineSite {
            NewQuarantineSite(code: code, name: name, areaCode: areaCode, address: address ?? "", floors: floors, roomsPerFloor: roomsPerFloor,
                              doubleRoomsPerFloor: doubleRoomsPerFloor ?? 0)
        }
    }

    @Sendable func createSite(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: NewSiteBody.self, context: context)
        let id = try await quarantine.createSite(b.site, actor: identity.actor)
        return try JSON.response(SiteBody(try await quarantine.site(id, actor: identity.actor)), status: .created)
    }

    @Sendable func rooms(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["rooms": try await quarantine.rooms(siteID: try context.parameters.require("id", as: Int64.self), actor: identity.actor)])
    }

    struct StatusBody: Decodable {
        let open: Bool
        let reason: String?
    }

    @Sendable func siteStatus(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: StatusBody.self, context: context)
        try await quarantine.setSiteOpen(try context.parameters.require("id", as: Int64.self), open: b.open, reason: b.reason ?? "", actor: identity.actor)
        return Response(status: .noContent)
    }

    struct ServiceBody: Decodable { let inService: Bool }

    @Sendable func roomService(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ServiceBody.self, context: context)
        try await quarantine.setRoomInService(try context.parameters.require("id", as: Int64.self), inService: b.inService, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func waiting(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["waiting": try await quarantine.waiting(actor: identity.actor)])
    }

    @Sendable func allocate(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(try await quarantine.allocate(actor: identity.actor))
    }

    @Sendable func assignments(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let active = try request.queryFlag("active", absent: true)
        let site = try Self.site(request)
        let now = UnixTime.now()
        return try JSON.response(["assignments": try await quarantine.assignments(actor: identity.actor, active: active, siteID: site).map {
            AssignmentBody($0, now: now)
        }])
    }

    /// The optional `site` query parameter, a site id.
    static func site(_ request: Request) throws -> Int64? {
        try request.queryInteger("site")
    }

    struct AssignBody: Decodable {
        let residentId: Int64?
        let idNumber: String?
        let tier: MeasureTier?
        let roomId: Int64?
        let carerIdNumber: String?

        /// The person, their carer by ID number, and the measure: placed, or waiting for a room.
        func assign(_ quarantine: Quarantine, _ tracing: Tracing, actor: Actor) async throws -> Int64 {
            let resident = try await tracing.person(residentId, idNumber: idNumber, field: "id_number", actor: actor)
            var carer: Int64?
            if let number = carerIdNumber, !number.trimmingSpaces().isEmpty {
                carer = try await tracing.person(nil, idNumber: number, field: "carer_id_number", actor: actor)
            }
            return try await quarantine.assign(residentID: resident, tier: tier, roomID: roomId, carerID: carer, actor: actor)
        }
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.runQuarantineSites)
        let id = try await request.decode(as: AssignBody.self, context: context).assign(quarantine, tracing, actor: identity.actor)
        return try JSON.response(AssignmentBody(try await quarantine.openAssignment(id, actor: identity.actor), now: UnixTime.now()), status: .created)
    }

    @Sendable func assignment(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let record = try await quarantine.openAssignment(try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return try JSON.response(AssignmentBody(record, now: UnixTime.now()))
    }

    @Sendable func tests(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["tests": try await quarantine.tests(assignmentID: try context.parameters.require("id", as: Int64.self), actor: identity.actor)])
    }

    @Sendable func checks(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["checks": try await quarantine.checks(assignmentID: try context.parameters.require("id", as: Int64.self), actor: identity.actor)])
    }

    struct CheckBody: Decodable {
        let temperature: TemperatureReading?
        /// Symptom names; a form ticks them as `symptoms[]`.
        let symptoms: [String]?
        let residentId: Int64?

        func check() throws -> MonitoringCheck {
            var symptoms: [Symptom] = []
            for name in self.symptoms ?? [] {
                guard let s = Symptom(rawValue: name) else { throw QuarantineError(.unknownSymptom) }
                symptoms.append(s)
            }
            return try MonitoringCheck(temperatureTenths: temperature?.tenths, symptoms: symptoms)
        }
    }

    struct AlertsBody: Encodable { let alerts: [String] }

    @Sendable func check(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.require(.recordMonitoringChecks)
        let b = try await request.decode(as: CheckBody.self, context: context)
        let raised = try await quarantine.recordCheck(assignmentID: try context.parameters.require("id", as: Int64.self), try b.check(), actor: identity.actor)
        return try JSON.response(AlertsBody(alerts: raised.map(\.rawValue)), status: .created)
    }

    /// What a quarantine action may carry: why, how many more days, which room.
    struct ActionBody: Decodable {
        let reason: String?
        let days: Int?
        let roomId: Int64?
    }

    func acting(_ request: Request, _ context: AppContext, _ body: (Int64, ActionBody, Actor) async throws -> Void) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: ActionBody.self, context: context)
        try await body(id, b, identity.actor)
        return try JSON.response(AssignmentBody(try await quarantine.openAssignment(id, actor: identity.actor), now: UnixTime.now()))
    }

    @Sendable func release(_ request: Request, context: AppContext) async throws -> Response {
        try await acting(request, context) { id, _, actor in try await quarantine.release(id, actor: actor) }
    }

    @Sendable func releaseEarly(_ request: Request, context: AppContext) async throws -> Response {
        try await acting(request, context) { id, b, actor in try await quarantine.releaseEarly(id, reason: b.reason ?? "", actor: actor) }
    }

    @Sendable func extend(_ request: Request, context: AppContext) async throws -> Response {
        try await acting(request, context) { id, b, actor in try await quarantine.extend(id, days: b.days ?? 0, reason: b.reason ?? "", actor: actor) }
    }

    @Sendable func transfer(_ request: Request, context: AppContext) async throws -> Response {
        try await acting(request, context) { id, b, actor in
            guard let room = b.roomId else { throw FieldErrors(errors: [FieldError(field: "room_id", code: .missing)]) }
            try await quarantine.transfer(id, toRoom: room, reason: b.reason ?? "", actor: actor)
        }
    }

    @Sendable func hospital(_ request: Request, context: AppContext) async throws -> Response {
        try await acting(request, context) { id, b, actor in try await quarantine.sendToHospital(id, reason: b.reason ?? "", actor: actor) }
    }

    @Sendable func alerts(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let resolved = try request.queryFlag("resolved")
        return try JSON.response(["alerts": try await quarantine.alerts(actor: identity.actor, resolved: resolved)])
    }

    struct ResolveBody: Decodable { let resolution: String }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: ResolveBody.self, context: context)
        try await quarantine.resolveAlert(try context.parameters.require("id", as: Int64.self), resolution: b.resolution, actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func testsDue(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let q = request.uri.queryParameters
        var day = CivilDate(unixTime: UnixTime.now())
        if let raw = q["day"] {
            guard let parsed = CivilDate(iso: String(raw)) else { throw FieldErrors(errors: [FieldError(field: "day", code: .format)]) }
            day = parsed
        }
        let site = try Self.site(request)
        return try JSON.response(["tests": try await quarantine.testsDue(on: day, siteID: site, actor: identity.actor)])
    }

    struct CapacityBody: Encodable {
        struct Day: Encodable {
            let date: String
            let free: Int
            let occupied: Int
        }

        let rooms: Int
        let waiting: Int
        let days: [Day]
    }

    @Sendable func capacity(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let f = try await quarantine.capacity(actor: identity.actor)
        return try JSON.response(CapacityBody(rooms: f.rooms, waiting: f.waiting, days: f.days.map { .init(date: $0.date.description, free: $0.free,
                                                                                                          occupied: $0.occupied) }))
    }

    @Sendable func mine(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let now = UnixTime.now()
        return try JSON.response(["assignments": try await quarantine.ownAssignments(actor: identity.actor).map { AssignmentBody($0, now: now) }])
    }

    @Sendable func ownCheck(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let b = try await request.decode(as: CheckBody.self, context: context)
        guard let resident = b.residentId else { throw FieldErrors(errors: [FieldError(field: "resident_id", code: .missing)]) }
        let raised = try await quarantine.reportOwnCheck(residentID: resident, try b.check(), actor: identity.actor)
        return try JSON.response(AlertsBody(alerts: raised.map(\.rawValue)), status: .created)
    }
}
