import CordonDomain
import CordonStore
import Hummingbird

/// The quarantine pages: the overview (sites, capacity and its forecast, who waits for a room, alerts, today's tests
/// and checks), a site's rooms, one person's measure with every action on it, the release notice, and a citizen's own
/// measure with a form to report their temperature.
struct QuarantinePagesController {
    let quarantine: Quarantine
    let tracing: Tracing
    let views: Views


    func addRoutes(pages: RouterGroup<AppContext>) {
        pages.get("/quarantine", use: overview)
        pages.post("/quarantine/sites", use: createSite)
        pages.get("/quarantine/sites/:id", use: site)
        pages.post("/quarantine/sites/:id/status", use: siteStatus)
        pages.post("/quarantine/rooms/:id/service", use: roomService)
        pages.post("/quarantine/allocate", use: allocate)
        pages.post("/quarantine/assign", use: assign)
        pages.get("/quarantine/assignments/:id", use: assignment)
        pages.post("/quarantine/assignments/:id/checks", use: check)
        pages.post("/quarantine/assignments/:id/:action", use: act)
        pages.get("/quarantine/assignments/:id/notice", use: notice)
        pages.post("/quarantine/alerts/:id/resolve", use: resolve)
        pages.get("/my/quarantine", use: mine)
        pages.post("/my/quarantine/checks", use: ownCheck)
    }

    func words(_ context: AppContext) -> QuarantineWords { QuarantineWords(strings: views.strings, language: context.language) }

    @Sendable func overview(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readQuarantine)
        let w = words(context)
        let now = UnixTime.now()
        let actor = identity.actor
        let sites = try await quarantine.sites(actor: actor)
        let forecast = try await quarantine.capacity(actor: actor, now: now)
        let waiting = try await quarantine.waiting(actor: actor, now: now, limit: 300)
        let alerts = try await quarantine.alerts(actor: actor, limit: 100)
        let tests = try await quarantine.testsDue(on: CivilDate(unixTime: now), actor: actor)
        let checks = try await quarantine.checksDue(actor: actor, now: now)
        let ended = try await quarantine.assignments(actor: actor, active: false, limit: 20)
        let staff = identity.may(.runQuarantineSites)
        let q = request.uri.queryParameters
        return views.page("quarantine", QuarantinePage(
            sites: sites.map { .init(id: $0.id, code: $0.code, name: $0.name, area: $0.areaName, rooms: $0.inService, occupied: $0.occupied,
                                     free: $0.free, open: $0.open) },
            hasSites: !sites.isEmpty,
            freeNow: forecast.days.first?.available ?? 0, shortNow: forecast.days.first?.shortfall ?? 0,
            short: (forecast.days.first?.shortfall ?? 0) > 0, rooms: forecast.rooms, waitingRooms: forecast.waiting,
            chart: CapacityChart.svg(forecast, label: w("quarantine_forecast"), freeLabel: w("quarantine_free"), occupiedLabel: w("quarantine_occupied")),
            forecast: forecast.days.map { .init(date: $0.date.description, free: $0.free, occupied: $0.occupied, short: $0.free < 0) },
            waiting: waiting.map { p in
                .init(id: p.residentID, name: p.name, address: p.address, tier: w.tier(p.tier), source: w.source(p.source),
                      since: Format.time(p.since), room: p.needsRoom, carer: p.mayBringCarer)
            },
            hasWaiting: !waiting.isEmpty,
            alerts: alerts.map(w.alertRow), hasAlerts: !alerts.isEmpty,
            tests: tests.map { w.testRow($0, now: now) }, hasTests: !tests.isEmpty,
            testsDone: tests.filter { $0.sampledAt != nil }.count, testsTotal: tests.count,
            checks: checks.prefix(200).map { c in
                .init(id: c.assignment.id, name: c.assignment.name, done: c.done, required: c.required,
                      kind: c.assignment.kind(at: now).map(w.kind) ?? "")
            },
            hasChecks: !checks.isEmpty,
            ended: ended.map { a in
                .init(id: a.id, name: a.name, tier: w.tier(a.tier), ended: a.endedAt.map(Format.time) ?? "",
                      status: w("measure_status_\(a.status.rawValue)"), notice: a.status == .released)
            },
            hasEnded: !ended.isEmpty,
            staff: staff, allocated: q["placed"] != nil,
            placed: q["placed"].map(String.init) ?? "", home: q["home"].map(String.init) ?? "",
            unplaced: q["unplaced"].map(String.init) ?? "", excluded: q["excluded"].map(String.init) ?? "",
            tiers: w.options(MeasureTier.self, prefix: "measure", only: Array(quarantine.registry.database.policies.inForce(at: now).quarantine.measures.keys)
                .sorted { $0.rawValue < $1.rawValue })
        ), context: context)
    }

    /// The quarantine overview: sites, capacity and its forecast, who waits for a room, alerts, today's tests and
    /// checks, measures ended lately, and what the last allocation did.
    struct QuarantinePage: PageModel {
        let sites: [Site]
        let hasSites: Bool
        let freeNow: Int
        let shortNow: Int
        let short: Bool
        let rooms: Int
        let waitingRooms: Int
        let chart: String
        let forecast: [Day]
        let waiting: [Waiting]
        let hasWaiting: Bool
        let alerts: [QuarantineWords.AlertRow]
        let hasAlerts: Bool
        let tests: [QuarantineWords.TestRow]
        let hasTests: Bool
        let testsDone: Int
        let testsTotal: Int
        let checks: [CheckDue]
        let hasChecks: Bool
        let ended: [Ended]
        let hasEnded: Bool
        let staff: Bool
        let allocated: Bool
        let placed: String
        let home: String
        let unplaced: String
        let excluded: String
        let tiers: [Choice]

        struct Site: PageModel {
            let id: Int64
            let code: String
            let name: String
            let area: String
            let rooms: Int
            let occupied: Int
            let free: Int
            let open: Bool
        }

        struct Day: PageModel {
            let date: String
            let free: Int
            let occupied: Int
            let short: Bool
        }

        struct Waiting: PageModel {
            let id: Int64
            let name: String
            let address: String
            let tier: String
            let source: String
            let since: String
            let room: Bool
            let carer: Bool
        }

        struct CheckDue: PageModel {
            let id: Int64
            let name: String
            let done: Int
            let required: Int
            let kind: String
        }

        struct Ended: PageModel {
            let id: Int64
            let name: String
            let tier: String
            let ended: String
            let status: String
            let notice: Bool
        }
    }

    @Sendable func createSite(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let b = try await request.decode(as: QuarantineAPIController.NewSiteBody.self, context: context)
        let id = try await quarantine.createSite(b.site, actor: identity.actor)
        return Views.redirect("/quarantine/sites/\(id)")
    }

    @Sendable func site(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readQuarantine)
        let id = try context.parameters.require("id", as: Int64.self)
        let w = words(context)
        let now = UnixTime.now()
        let site = try await quarantine.site(id, actor: identity.actor)
        let rooms = try await quarantine.rooms(siteID: id, actor: identity.actor)
        let floors = Dictionary(grouping: rooms, by: \.floor).sorted { $0.key < $1.key }.map { floor, rooms in
            QuarantineSitePage.Floor(floor: floor, rooms: rooms.map { r in
                .init(id: r.id, number: r.number, beds: r.beds, double: r.beds > 1, taken: r.assignmentID != nil, off: !r.inService,
                      assignment: r.assignmentID ?? 0, name: r.occupantName ?? "", carer: r.carerName ?? "", hasCarer: r.carerName != nil,
                      until: r.plannedUntil.map(Format.time) ?? "")
            })
        }
        let people = try await quarantine.assignments(actor: identity.actor, active: true, siteID: id)
        let tests = try await quarantine.testsDue(on: CivilDate(unixTime: now), siteID: id, actor: identity.actor)
        return views.page("quarantine_site", QuarantineSitePage(
            site: .init(id: site.id, code: site.code, name: site.name, area: site.areaName, address: site.address, rooms: site.inService,
                        occupied: site.occupied, free: site.free, open: site.open),
            floors: floors, people: people.map { w.assignmentRow($0, now: now) }, hasPeople: !people.isEmpty,
            tests: tests.map { w.testRow($0, now: now) }, hasTests: !tests.isEmpty,
            staff: identity.may(.runQuarantineSites)
        ), context: context)
    }

    /// One site: its figures, its rooms floor by floor with who is in each, the people placed there and today's tests.
    struct QuarantineSitePage: PageModel {
        let site: Site
        let floors: [Floor]
        let people: [QuarantineWords.AssignmentRow]
        let hasPeople: Bool
        let tests: [QuarantineWords.TestRow]
        let hasTests: Bool
        let staff: Bool

        struct Site: PageModel {
            let id: Int64
            let code: String
            let name: String
            let area: String
            let address: String
            let rooms: Int
            let occupied: Int
            let free: Int
            let open: Bool
        }

        struct Floor: PageModel {
            let floor: Int
            let rooms: [Room]
        }

        struct Room: PageModel {
            let id: Int64
            let number: String
            let beds: Int
            let double: Bool
            let taken: Bool
            let off: Bool
            let assignment: Int64
            let name: String
            let carer: String
            let hasCarer: Bool
            let until: String
        }
    }

    @Sendable func siteStatus(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: QuarantineAPIController.StatusBody.self, context: context)
        try await quarantine.setSiteOpen(id, open: b.open, reason: b.reason ?? "", actor: identity.actor)
        return Views.redirect("/quarantine/sites/\(id)")
    }

    @Sendable func roomService(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let b = try await request.decode(as: QuarantineAPIController.ServiceBody.self, context: context)
        try await quarantine.setRoomInService(try context.parameters.require("id", as: Int64.self), inService: b.inService, actor: identity.actor)
        // Back to the site the room is in, as the form's address names it.
        return Views.redirect("/quarantine/sites/\(try request.queryInteger("site") ?? 0)")
    }

    @Sendable func allocate(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let report = try await quarantine.allocate(actor: identity.actor)
        return Views.redirect("/quarantine?placed=\(report.placed)&home=\(report.atHome)&unplaced=\(report.unplaced.count)&excluded=\(report.notInPolicy.count)")
    }

    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let id = try await request.decode(as: QuarantineAPIController.AssignBody.self, context: context).assign(quarantine, tracing, actor: identity.actor)
        return Views.redirect("/quarantine/assignments/\(id)")
    }

    @Sendable func assignment(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readQuarantine)
        let id = try context.parameters.require("id", as: Int64.self)
        let w = words(context)
        let now = UnixTime.now()
        let a = try await quarantine.openAssignment(id, actor: identity.actor, now: now)
        let tests = try await quarantine.tests(assignmentID: id, actor: identity.actor)
        let checks = try await quarantine.checks(assignmentID: id, actor: identity.actor)
        let alerts = try await quarantine.alerts(actor: identity.actor).filter { $0.assignmentID == id }
        let staff = identity.may(.runQuarantineSites)
        let active = a.status == .active
        var free: [QuarantineAssignmentPage.FreeRoom] = []
        if staff, active, a.stay?.open == true {
            for site in try await quarantine.sites(actor: identity.actor) where site.open && site.free > 0 {
                for room in try await quarantine.rooms(siteID: site.id, actor: identity.actor) where room.inService && room.assignmentID == nil {
                    if a.stay?.carerName != nil && room.beds < 2 { continue }
                    free.append(.init(id: room.id, label: "\(site.name) \(room.number)"))
                    if free.count >= 200 { break }
                }
            }
        }
        return views.page("quarantine_assignment", QuarantineAssignmentPage(
            a: w.assignmentRow(a, now: now),
            phases: a.schedule.phases.map { .init(kind: w.kind($0.kind), from: Format.time($0.start), to: Format.time($0.end)) },
            tests: tests.map { w.testRow($0, now: now) },
            checks: checks.map { c in
                .init(at: Format.time(c.at), temperature: QuarantineWords.temperature(c.temperatureTenths),
                      symptoms: c.symptoms.map(w.symptom).joined(separator: w("list_separator")), by: c.bySelf ? w("check_by_self") : c.recordedBy)
            },
            alerts: alerts.map(w.alertRow), hasAlerts: !alerts.isEmpty,
            stay: a.stay.map { .init(site: $0.siteName, room: $0.roomNumber, carer: $0.carerName ?? "", hasCarer: $0.carerName != nil,
                                     until: Format.time($0.plannedUntil),
                                     open: $0.open) },
            active: active, released: a.status == .released, ended: a.endedAt.map(Format.time) ?? "", endReason: a.endReason ?? "",
            staff: staff && active, canCheck: active && identity.may(.recordMonitoringChecks), freeRooms: free, canTransfer: !free.isEmpty,
            symptoms: w.options(Symptom.self, prefix: "symptom")
        ), context: context)
    }

    /// One phase of a measure's schedule: where the person is, from when until when.
    struct Phase: PageModel {
        let kind: String
        let from: String
        let to: String
    }

    /// One person's measure: its schedule, tests, checks and alerts, the room they are in, how it ended, and the
    /// actions staff may take on it.
    struct QuarantineAssignmentPage: PageModel {
        let a: QuarantineWords.AssignmentRow
        let phases: [Phase]
        let tests: [QuarantineWords.TestRow]
        let checks: [Check]
        let alerts: [QuarantineWords.AlertRow]
        let hasAlerts: Bool
        let stay: Stay?
        let active: Bool
        let released: Bool
        let ended: String
        let endReason: String
        let staff: Bool
        let canCheck: Bool
        let freeRooms: [FreeRoom]
        let canTransfer: Bool
        let symptoms: [Choice]

        struct Check: PageModel {
            let at: String
            let temperature: String
            let symptoms: String
            let by: String
        }

        struct Stay: PageModel {
            let site: String
            let room: String
            let carer: String
            let hasCarer: Bool
            let until: String
            let open: Bool
        }

        struct FreeRoom: PageModel {
            let id: Int64
            let label: String
        }
    }

    @Sendable func check(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readQuarantine)
        try identity.actor.require(.recordMonitoringChecks)
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: QuarantineAPIController.CheckBody.self, context: context)
        try await quarantine.recordCheck(assignmentID: id, try b.check(), actor: identity.actor)
        return Views.redirect("/quarantine/assignments/\(id)")
    }

    @Sendable func act(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let id = try context.parameters.require("id", as: Int64.self)
        let action = context.parameters.get("action") ?? ""
        guard ["release", "release-early", "hospital", "extend", "transfer"].contains(action) else { throw AppError.notFound }
        let b = try await request.decode(as: QuarantineAPIController.ActionBody.self, context: context)
        let reason = b.reason ?? ""
        switch action {
        case "release": try await quarantine.release(id, actor: identity.actor)
        case "release-early": try await quarantine.releaseEarly(id, reason: reason, actor: identity.actor)
        case "hospital": try await quarantine.sendToHospital(id, reason: reason, actor: identity.actor)
        case "extend": try await quarantine.extend(id, days: b.days ?? 0, reason: reason, actor: identity.actor)
        case "transfer":
            guard let room = b.roomId else { throw FieldErrors(errors: [FieldError(field: "room_id", code: .missing)]) }
            try await quarantine.transfer(id, toRoom: room, reason: reason, actor: identity.actor)
        default: throw AppError.notFound
        }
        return Views.redirect("/quarantine/assignments/\(id)")
    }

    @Sendable func resolve(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.runQuarantineSites)
        let b = try await request.decode(as: QuarantineAPIController.ResolveBody.self, context: context)
        try await quarantine.resolveAlert(try context.parameters.require("id", as: Int64.self), resolution: b.resolution, actor: identity.actor)
        return Views.redirect("/quarantine")
    }

    /// The release notice (解除隔离告知书) to print and hand over; only for a completed release.
    @Sendable func notice(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readQuarantine)
        let id = try context.parameters.require("id", as: Int64.self)
        let w = words(context)
        let a = try await quarantine.openAssignment(id, actor: identity.actor)
        guard a.status == .released, let ended = a.endedAt else { throw AppError.conflict(key: "quarantine.not_released") }
        let tests = try await quarantine.tests(assignmentID: id, actor: identity.actor)
        return views.page("quarantine_notice", QuarantineNoticePage(
            id: a.id, name: a.name, address: a.address, tier: w.tier(a.tier), start: Format.time(a.schedule.start), ended: Format.time(ended),
            early: a.endKind == "early", reason: a.endReason ?? "", site: a.stay?.siteName ?? w("qkind_home"),
            tests: tests.map { w.testRow($0, now: ended) }, policy: a.policyID
        ), context: context)
    }

    /// The release notice: who, under which tier, from when until the release, early or not, and the tests taken.
    struct QuarantineNoticePage: PageModel {
        let id: Int64
        let name: String
        let address: String
        let tier: String
        let start: String
        let ended: String
        let early: Bool
        let reason: String
        let site: String
        let tests: [QuarantineWords.TestRow]
        let policy: String
    }

    @Sendable func mine(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let w = words(context)
        let now = UnixTime.now()
        let own = try await quarantine.ownAssignments(actor: identity.actor)
        return views.page("quarantine_mine", QuarantineMinePage(
            measures: own.map { a in
                QuarantineMinePage.Measure(w.assignmentRow(a, now: now), active: a.status == .active,
                                           phases: a.schedule.phases.map { .init(kind: w.kind($0.kind), from: Format.time($0.start), to: Format.time($0.end)) },
                                           tests: a.schedule.tests.map { t in
                                               .init(day: t.day, phase: w.kind(a.schedule.phases[min(t.phase, a.schedule.phases.count - 1)].kind),
                                                     due: Format.time(t.dueFrom), past: t.dueBy <= now)
                                           })
            },
            hasMeasures: !own.isEmpty, symptoms: w.options(Symptom.self, prefix: "symptom"),
            reported: request.uri.queryParameters["reported"] != nil
        ), context: context)
    }

    /// A citizen's own measures, each with its schedule and tests and, while active, a form to report a check.
    struct QuarantineMinePage: PageModel {
        let measures: [Measure]
        let hasMeasures: Bool
        let symptoms: [Choice]
        let reported: Bool

        /// A measure's row as staff lists show it, with whether it is active, its phases and its planned tests.
        struct Measure: PageModel {
            let id: Int64
            let residentId: Int64
            let name: String
            let address: String
            let tier: String
            let source: String
            let kind: String
            let kindKey: String
            let start: String
            let end: String
            let site: String
            let inRoom: Bool
            let due: Bool
            let active: Bool
            let phases: [Phase]
            let tests: [PlannedTest]

            init(_ row: QuarantineWords.AssignmentRow, active: Bool, phases: [Phase], tests: [PlannedTest]) {
                id = row.id
                residentId = row.residentId
                name = row.name
                address = row.address
                tier = row.tier
                source = row.source
                kind = row.kind
                kindKey = row.kindKey
                start = row.start
                end = row.end
                site = row.site
                inRoom = row.inRoom
                due = row.due
                self.active = active
                self.phases = phases
                self.tests = tests
            }
        }

        struct PlannedTest: PageModel {
            let day: Int
            let phase: String
            let due: String
            let past: Bool
        }
    }

    @Sendable func ownCheck(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let b = try await request.decode(as: QuarantineAPIController.CheckBody.self, context: context)
        guard let resident = b.residentId else { throw FieldErrors(errors: [FieldError(field: "resident_id", code: .missing)]) }
        try await quarantine.reportOwnCheck(residentID: resident, try b.check(), actor: identity.actor)
        return Views.redirect("/my/quarantine?reported=1")
    }
}
