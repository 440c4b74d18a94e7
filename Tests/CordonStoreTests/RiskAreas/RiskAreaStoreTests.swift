import CordonDomain
@testable import CordonStore
import Testing

/// Designation, visitors, step-down by the clock and by hand, lifting, and what grid workers see, on both databases.
/// Most of it runs in August 2022 under the 9th edition (high, medium, low; compounds); one test in December 2022.
@Suite struct RiskAreaStoreTests {
    /// 2022-08-10 12:00 in the city.
    static let august = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 12 * 3_600
    /// 2022-12-01 12:00, under the November 2022 rules.
    static let december = CivilDate(year: 2022, month: 12, day: 1)!.startUnixTime() + 12 * 3_600
    let day: Int64 = 86_400

    struct World {
        let f: StoreFixture
        let areas: RiskAreas
        let codes: HealthCodes
        let tracing: Tracing
        let officer: Actor
        let tracer: Actor
        let ids: [Int: Int64]
    }

    /// Twelve residents as in the fixture (P1 holds H1 and H2: 1, 3, 4, 6, 7, 9, 10, 12; H3 in D2 holds 2, 5, 8, 11)
    /// and a shop inside compound P1.
    func world(_ f: StoreFixture, now: Int64) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 12).utf8), actor: op, skipInvalid: false, reason: "seed")
        let p1 = try await f.database.area(code: "P1")!
        try await f.database.write { session in
            try await session.insert(into: "venues", columns: ["id", "code", "name", "category", "area_id", "created_at"],
                                     rows: [[.int(1), .text("V1"), .text("和平小区超市"), .text("supermarket"), .int(p1.id), .int(now)]])
            try await session.syncIdentity(of: "venues")
        }
        var ids: [Int: Int64] = [:]
        for r in try await f.database.read({ try await $0.select("SELECT id, name FROM residents", binds: [], types: [.int, .text]) }) {
            ids[Int(r[1].text!.dropFirst(2))!] = r[0].int!
        }
        return World(f: f, areas: RiskAreas(registry: f.registry), codes: HealthCodes(registry: f.registry), tracing: Tracing(registry: f.registry),
                     officer: try await f.actor(.districtOfficer, at: "D1"), tracer: try await f.actor(.epidemiologist, at: "C"), ids: ids)
    }

    func visit(_ w: World, _ serial: Int, at: Int64) async throws {
        try await w.f.database.write { session in
            try await session.insert(into: "venue_visits", columns: ["resident_id", "venue_id", "entered_at", "left_at"],
                                     rows: [[.int(w.ids[serial]!), .int(1), .int(at), .int(at + 1_800)]])
        }
    }

    func newCase(_ w: World, _ serial: Int, now: Int64) async throws -> Int64 {
        try await w.tracing.register(NewCase(residentID: w.ids[serial]!, classification: .confirmed, severity: .mild, onset: CivilDate(unixTime: now),
                                             sampledAt: now - 3_600, reportedAt: now, foundBy: .screening, treatedAt: "市第二人民医院",
                                             isolatedAt: now), actor: w.tracer, now: now)
    }

    func colour(_ w: World, _ serial: Int, at: Int64) async throws -> CodeColour {
        try await w.codes.current(residentID: w.ids[serial]!, now: at).colour
    }

    func sample(_ w: World, _ serial: Int, at: Int64) async throws {
        try await w.f.database.write { session in
            try await session.execute("INSERT INTO sampling_sites (code, name, area_id, desks, daily_capacity, created_at) VALUES ('S00001', 's', 1, 1, 1, 0) ON CONFLICT DO NOTHING",
                                     binds: [])
            let site = try await session.select("SELECT id FROM sampling_sites LIMIT 1", binds: [], types: [.int]).first![0].int!
            let tube = try await session.execute("""
                INSERT INTO tubes (barcode, site_id, capacity, purpose, status, members, opened_at, closed_at, result, tested_at)
                VALUES (?, ?, 1, 'screening', 'resulted', 1, ?, ?, 'negative', ?) RETURNING id
                """, binds: [.text("T\(serial)X\(at)"), .int(site), .int(at), .int(at), .int(at + 3_600)], returning: [.int]).first![0].int!
            try await session.insert(into: "tube_members", columns: ["tube_id", "resident_id", "sampled_at"], rows: [[.int(tube), .int(w.ids[serial]!), .int(at)]])
        }
    }

    @Test(arguments: Backends.all) func aDesignationTurnsItsResidentsAndRecentVisitorsAndEveryBadOneIsRefused(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.august
            let w = try await world(f, now: now)
            let caseID = try await newCase(w, 3, now: now - 2 * day)
            try await visit(w, 2, at: now - 3 * day)      // a D2 resident shopped there three days ago
            try await visit(w, 5, at: now - 20 * day)     // another, before the fourteen days
            try await visit(w, 4, at: now - day)          // a resident of the compound itself is not a visitor

            // Refusals, each with its own reason, none leaving anything behind.
            await #expect(throws: RiskAreaError(.areaLevelNotAllowed)) {
                try await w.areas.designate(areaCodes: ["B1"], level: .high, reason: "病例居住", actor: w.officer, now: now)
            }
            await #expect(throws: FieldErrors(errors: [FieldError(field: "area_codes", code: .unknownArea)])) {
                try await w.areas.designate(areaCodes: ["P1", "NOPE"], level: .high, reason: "病例居住", actor: w.officer, now: now)
            }
            await #expect(throws: FieldErrors(errors: [FieldError(field: "reason", code: .missing)])) {
                try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: " ", actor: w.officer, now: now)
            }
            await #expect(throws: FieldErrors(errors: [FieldError(field: "case_ids", code: .unknownCase)])) {
                try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: "病例居住", caseIDs: [9_999], actor: w.officer, now: now)
            }
            let elsewhere = try await f.actor(.districtOfficer, at: "D2")
            await #expect(throws: FieldErrors.self) {
                try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: "病例居住", actor: elsewhere, now: now)
            }
            #expect(try await w.areas.designations(actor: w.officer, now: now).isEmpty)

            let ids = try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: "病例居住", caseIDs: [caseID], actor: w.officer, now: now)
            await #expect(throws: RiskAreaError(.alreadyDesignated)) {
                try await w.areas.designate(areaCodes: ["P1"], level: .medium, reason: "重复", actor: w.officer, now: now)
            }
            for serial in [1, 4, 6, 12] { #expect(try await colour(w, serial, at: now + 60) == .red) }
            #expect(try await colour(w, 8, at: now + 60) == .green)
            let code = try await w.codes.current(residentID: w.ids[4]!, now: now + 60)
            #expect(code.reasons.map(\.rule).contains(.highRiskArea))
            // Residents of a high-risk area test daily (the 9th edition's area rule feeds routine testing).
            #expect(code.reasons.contains { $0.rule == .routineOverdue && $0.source.label == "area_risk.high" })

            // The recent visitor is yellow until a negative sampled after the visit.
            #expect(try await colour(w, 2, at: now + 60) == .yellow)
            #expect(try await colour(w, 5, at: now + 60) == .green)
            let record = try #require(try await w.areas.designations(actor: w.officer, now: now + 60).first)
            #expect(record.id == ids[0] && record.residents == 8 && record.visitors == 1 && record.caseIDs == [caseID] && record.openCases == 1)
            #expect(record.nextLevel == .medium)
            let grid = try await f.actor(.gridWorker, at: "M2")
            #expect(try await w.areas.visitors(designationID: ids[0], actor: grid, now: now).map(\.residentID) == [w.ids[2]!])
            try await sample(w, 2, at: now + 120)
            try await w.codes.refresh(area: try await f.database.area(code: "H3")!, actor: try await f.operatorActor(), now: now + 180)
            #expect(try await colour(w, 2, at: now + 240) == .green)
            #expect(try await w.areas.visitors(designationID: ids[0], actor: grid, untestedOnly: true, now: now).isEmpty)

            let households = try await w.areas.households(designationID: ids[0], actor: try await f.actor(.gridWorker, at: "G1"), now: now)
            #expect(households.map(\.code) == ["H1", "H2"] && households.map(\.residents) == [4, 4])
            #expect(try await w.areas.publicAreas().map(\.level) == [.high])
        }
    }

    @Test(arguments: Backends.all) func anAreaStepsDownByTheClockOnlyWhenNoCaseIsOpen(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.august
            let w = try await world(f, now: now)
            let caseID = try await newCase(w, 3, now: now)
            let id = try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: "病例居住", actor: w.officer, now: now)[0]
            // The case lives in the compound and is still under treatment: no step-down, no lift.
            let due = CivilDate(unixTime: now).adding(days: 8).startUnixTime()
            await #expect(throws: RiskAreaError(.caseOpen)) { try await w.areas.stepDown(id, actor: w.officer, now: due) }
            await #expect(throws: RiskAreaError(.caseOpen)) { try await w.areas.lift(id, reason: "误判", actor: w.officer, now: due) }
            #expect(try await w.areas.advance(now: due) == 0)
            try await w.tracing.setOutcome(caseID: caseID, .recovered, reason: "出院", actor: w.tracer, now: now + day)
            // Seven days without a case count from the case's report (it was the last one), so the step falls on the 18th.
            await #expect(throws: RiskAreaError(.notYetDue)) { try await w.areas.stepDown(id, actor: w.officer, now: due - 1) }
            try await w.areas.stepDown(id, actor: w.officer, now: due)
            let medium = try #require(try await w.areas.designations(actor: w.officer, now: due).first)
            #expect(medium.level == .medium && medium.steppedDown && medium.since == due)
            #expect(try await colour(w, 4, at: due + 60) == .yellow)
            // Medium after a step-down waits three more days, then the sweep brings it to low: codes follow.
            let low = CivilDate(unixTime: due).adding(days: 4).startUnixTime()
            #expect(try await w.areas.advance(now: low - 1) == 0)
            #expect(try await w.areas.advance(now: low) == 1)
            #expect(try await w.areas.designations(actor: w.officer, now: low).map(\.level) == [.low])
            #expect(try await colour(w, 4, at: low + 60) == .green)
            #expect(try await w.areas.publicAreas().isEmpty)
            let journal = try await f.database.journal(subjectType: "area", subjectID: "P1")
            #expect(journal.map(\.action) == ["risk_area.step_down", "risk_area.step_down", "risk_area.designate"])
            #expect(journal.first?.actor == "system")
            try await w.areas.lift(try #require(try await w.areas.designations(actor: w.officer, now: low).first).id, reason: "解除", actor: w.officer, now: low)
            #expect(try await w.areas.designations(actor: w.officer, now: low).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func severalAreasAreDesignatedInOneActAndTheirVisitorsAreReassessedAfter(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.august
            let w = try await world(f, now: now)
            try await visit(w, 2, at: now - 2 * day)
            let commander = try await f.actor(.commander, at: "C")
            let report = try await w.areas.designateReporting(areaCodes: ["M1", "M2"], level: .medium, reason: "聚集性疫情", actor: commander, now: now)
            // 居民2 lives in M2 and visited the shop in M1: a resident of one area and a visitor of the other.
            #expect(report.ids.count == 2 && report.visitors == 1 && report.committed <= report.finished)
            // Under the 9th edition a medium-risk area is yellow: both communities at once.
            for serial in [1, 2, 3, 4, 5, 6] { #expect(try await colour(w, serial, at: now + 60) == .yellow) }
            let p1 = try await w.areas.designate(areaCodes: ["P1"], level: .high, reason: "病例居住", actor: commander, now: now + 120)
            #expect(try await w.areas.visitors(designationID: p1[0], actor: commander, now: now).map(\.residentID) == [w.ids[2]!])
            #expect(try await w.codes.current(residentID: w.ids[2]!, now: now + 180).reasons.map(\.rule).contains(.riskAreaVisit))
        }
    }

    @Test(arguments: Backends.all) func underNovember2022BuildingsAreHighOrLowAndHighEndsAfterFiveDays(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.december
            let w = try await world(f, now: now)
            await #expect(throws: RiskAreaError(.levelNotInPolicy)) {
                try await w.areas.designate(areaCodes: ["B1"], level: .medium, reason: "病例居住", actor: w.officer, now: now)
            }
            await #expect(throws: RiskAreaError(.areaLevelNotAllowed)) {
                try await w.areas.designate(areaCodes: ["U1"], level: .high, reason: "病例居住", actor: w.officer, now: now)
            }
            try await w.areas.designate(areaCodes: ["B1"], level: .high, reason: "病例居住", actor: w.officer, now: now)
            #expect(try await colour(w, 7, at: now + 60) == .red)
            let due = CivilDate(unixTime: now).adding(days: 6).startUnixTime()
            #expect(try await w.areas.advance(now: due - 1) == 0)
            #expect(try await w.areas.advance(now: due) == 1)
            #expect(try await colour(w, 7, at: due + 60) == .green)
        }
    }
}
