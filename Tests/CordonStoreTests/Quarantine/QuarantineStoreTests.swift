import CordonDomain
@testable import CordonStore
import Testing

/// Sites, placement, schedules, checks, alerts, release and transfers, on both databases. The clock is the real one
/// (the November 2022 preset: close contacts 5 days central, tests 1, 2, 3, 5, then 3 at home, tests 1, 3); tests
/// taken on later days are written as samples at those moments.
@Suite struct QuarantineStoreTests {
    let now = UnixTime.now()
    let day: Int64 = 86_400

    struct World {
        let f: StoreFixture
        let quarantine: Quarantine
        let tracing: Tracing
        let codes: HealthCodes
        let staff: Actor
        let tracer: Actor
        let caseID: Int64
        let ids: [Int: Int64]
    }

    /// Twelve adults (H1: 3, 6, 9, 12; H2: 1, 4, 7, 10; H3 in D2: 2, 5, 8, 11), a child (13, in H1) and a case (resident 1).
    func world(_ f: StoreFixture) async throws -> World {
        let op = try await f.operatorActor()
        let csv = residentsCSV(count: 12) + "小孩,\(validID(born: "20180101", serial: 13)),13900000013,H1,\n"
        _ = try await f.registry.importResidents(csv: Array(csv.utf8), actor: op, skipInvalid: false, reason: "seed")
        var ids: [Int: Int64] = [:]
        for r in try await f.database.read({ try await $0.select("SELECT id, name FROM residents", binds: [], types: [.int, .text]) }) {
            ids[r[1].text == "小孩" ? 13 : Int(r[1].text!.dropFirst(2))!] = r[0].int!
        }
        let tracing = Tracing(registry: f.registry)
        let tracer = try await f.actor(.epidemiologist, at: "C")
        let caseID = try await tracing.register(NewCase(residentID: ids[1]!, classification: .confirmed, severity: .mild,
                                                        onset: CivilDate(unixTime: now).adding(days: -1), sampledAt: now - 7_200, reportedAt: now - 3_600,
                                                        foundBy: .screening, treatedAt: "市第二人民医院", isolatedAt: now - 3_600), actor: tracer, now: now)
        return World(f: f, quarantine: Quarantine(registry: f.registry), tracing: tracing, codes: HealthCodes(registry: f.registry),
                     staff: try await f.actor(.quarantineStaff, at: "C"), tracer: tracer, caseID: caseID, ids: ids)
    }

    func contact(_ w: World, _ serial: Int) async throws {
        try await w.tracing.addContact(caseID: w.caseID, residentID: w.ids[serial]!, tier: .close, via: nil, exposedAt: now - 86_400, reason: "同住",
                                       actor: w.tracer, now: now)
    }

    func site(_ w: World, code: String = "QS000001", area: String = "M1", rooms: Int = 2, doubles: Int = 1) async throws -> Int64 {
        try await w.quarantine.createSite(NewQuarantineSite(code: code, name: "和平宾馆", areaCode: area, address: "东岗西路1号", floors: 1,
                                                             roomsPerFloor: rooms, doubleRoomsPerFloor: doubles), actor: w.staff, now: now)
    }

    /// A resulted single tube for `serial` sampled at `at`, written as the lab's upload would leave it.
    func sample(_ w: World, _ serial: Int, at: Int64, _ result: TestResult) async throws {
        try await w.f.database.write { session in
            let site = try await session.select("SELECT id FROM sampling_sites ORDER BY id LIMIT 1", binds: [], types: [.int]).first![0].int!
            let tube = try await session.execute("""
                INSERT INTO tubes (barcode, site_id, capacity, purpose, status, members, opened_at, closed_at, result, tested_at)
                VALUES (?, ?, 1, 'screening', 'resulted', 1, ?, ?, ?, ?) RETURNING id
                """, binds: [.text("Q\(serial)T\(at)"), .int(site), .int(at), .int(at), .text(result.rawValue), .int(at + 3_600)], returning: [.int]).first![0].int!
            try await session.insert(into: "tube_members", columns: ["tube_id", "resident_id", "sampled_at"], rows: [[.int(tube), .int(w.ids[serial]!), .int(at)]])
        }
    }

    func colour(_ w: World, _ serial: Int, at: Int64) async throws -> CodeColour {
        try await w.codes.current(residentID: w.ids[serial]!, now: at).colour
    }

    @Test(arguments: Backends.all) func contactsArePlacedOnePerRoomNearestFirstAndTheRestWait(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            for serial in [3, 4, 7, 2] { try await contact(w, serial) }
            _ = try await site(w, code: "QS000002", area: "M2", rooms: 1, doubles: 0)
            let near = try await site(w, rooms: 2, doubles: 1)
            #expect(try await w.quarantine.waiting(actor: w.staff, now: now).map(\.residentID) == [3, 4, 7, 2].map { w.ids[$0]! })
            let report = try await w.quarantine.allocate(actor: w.staff, now: now + 60)
            // Three rooms in all: 3 and 4 take M1's single then double room; 7 goes across the city to M2; 2 waits.
            #expect(report.placed == 3 && report.atHome == 0 && report.notInPolicy.isEmpty)
            #expect(report.unplaced == [w.ids[2]!])
            let rooms = try await w.quarantine.rooms(siteID: near, actor: w.staff)
            #expect(rooms.map(\.number) == ["101", "102"] && rooms.allSatisfy { $0.occupantName != nil })
            #expect(try await colour(w, 3, at: now + 120) == .red)
            let active = try await w.quarantine.assignments(actor: w.staff)
            #expect(active.count == 3 && active.allSatisfy { $0.kind(at: now + 120) == .central })
            let sites = try await w.quarantine.sites(actor: w.staff)
            #expect(sites.map(\.free) == [0, 0])

            // 单人单间: nobody else goes into an occupied room, by the rule and by the database.
            let occupied = rooms[0].id
            await #expect(throws: AllocationError(.roomOccupied)) {
                try await w.quarantine.assign(residentID: w.ids[2]!, roomID: occupied, actor: w.staff, now: now + 180)
            }
            // With every room taken, a placement by hand finds none.
            await #expect(throws: AllocationError(.noRoom)) {
                try await w.quarantine.assign(residentID: w.ids[5]!, tier: .closeContact, actor: w.staff, now: now + 200)
            }
            await #expect(throws: (any Error).self) {
                try await f.database.write { session in
                    try await session.insert(into: "room_stays", columns: ["assignment_id", "room_id", "started_at", "planned_until"],
                                             rows: [[.int(active[0].id), .int(occupied), .int(now), .int(now + 100)]])
                }
            }
        }
    }

    @Test(arguments: Backends.all) func theScheduleComesFromThePolicyAndReleaseWaitsForEveryNegativeTest(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            try await contact(w, 3)
            let siteID = try await site(w)
            let id = try await w.quarantine.assign(residentID: w.ids[3]!, actor: w.staff, now: now)
            let record = try await w.quarantine.openAssignment(id, actor: w.staff, now: now)
            #expect(record.tier == .closeContact && record.source == .contact && record.policyID == PolicyPreset.november2022.id)
            #expect(record.schedule.phases.map(\.kind) == [.central, .home])
            #expect(record.schedule.phases.map { ($0.end - $0.start) / day } == [5, 3])
            #expect(record.schedule.tests.map(\.day) == [1, 2, 3, 5, 1, 3])
            #expect(record.stay?.open == true && record.stay?.plannedUntil == now + 5 * day)
            let audits = try await f.database.read { try await $0.select("SELECT purpose FROM audit_reads WHERE resident_id = ?", binds: [.int(w.ids[3]!)],
                                                                         types: [.text]) }
            #expect(audits.map { $0[0].text } == ["quarantine"])
            #expect(try await w.quarantine.testsDue(on: CivilDate(unixTime: now), actor: w.staff).map(\.day).contains(1))

            // Central ends after five days: the room frees itself and the person goes on at home, still red.
            #expect(try await w.quarantine.capacity(actor: w.staff, now: now).days.map(\.free)[0] == 1)
            #expect(try await w.quarantine.advance(now: now + 5 * day) == 1)
            #expect(try await w.quarantine.rooms(siteID: siteID, actor: w.staff).allSatisfy { $0.occupantName == nil })
            #expect(try await colour(w, 3, at: now + 5 * day + 60) == .red)
            #expect(try await w.quarantine.openAssignment(id, actor: w.staff, now: now).kind(at: now + 5 * day + 60) == .home)

            let end = now + 8 * day
            await #expect(throws: QuarantineError(.notYetDue)) { try await w.quarantine.release(id, actor: w.staff, now: end - 1) }
            // Every test but the last home one.
            for offset: Int64 in [0, 1, 2, 4, 5] { try await sample(w, 3, at: now + offset * day + 3_600, .negative) }
            await #expect(throws: QuarantineError(.testsOutstanding)) { try await w.quarantine.release(id, actor: w.staff, now: end) }
            try await sample(w, 3, at: now + 7 * day + 3_600, .negative)
            try await w.quarantine.release(id, actor: w.staff, now: end)
            #expect(try await colour(w, 3, at: end + 60) == .green)
            let released = try await w.quarantine.assignments(actor: w.staff, active: false)
            #expect(released.map(\.status) == [.released] && released.first?.endKind == "completed")
            #expect(try await w.quarantine.waiting(actor: w.staff, now: end).isEmpty)
            let journal = try await f.database.journal(subjectType: "resident", subjectID: "\(w.ids[3]!)")
            #expect(Set(journal.map(\.action)).isSuperset(of: ["quarantine.assign", "quarantine.room_left", "quarantine.release", "contact.add"]))
            #expect(journal.first { $0.action == "quarantine.room_left" }?.actor == "system")
            await #expect(throws: StoreError.self) { try await w.quarantine.release(id, actor: w.staff, now: end) }
        }
    }

    @Test(arguments: Backends.all) func checksAndPositivesRaiseAlertsAndAPositiveIsNeverReleased(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            try await contact(w, 4)
            _ = try await site(w)
            let id = try await w.quarantine.assign(residentID: w.ids[4]!, actor: w.staff, now: now)
            #expect(try await w.quarantine.recordCheck(assignmentID: id, MonitoringCheck(temperatureTenths: 366, symptoms: []), actor: w.staff, now: now) == [])
            #expect(try await w.quarantine.recordCheck(assignmentID: id, MonitoringCheck(temperatureTenths: 382, symptoms: [.cough]), actor: w.staff,
                                                       now: now + 1) == [.fever, .symptoms])
            // The citizen reports from their phone too.
            let citizen = try await f.actor(.citizen, at: "H2")
            try await f.database.linkCitizen(username: citizen.name, residentID: w.ids[4]!, actor: try await f.operatorActor())
            #expect(try await w.quarantine.reportOwnCheck(residentID: w.ids[4]!, MonitoringCheck(temperatureTenths: 365, symptoms: []), actor: citizen,
                                                          now: now + 2) == [])
            await #expect(throws: StoreError.self) {
                try await w.quarantine.reportOwnCheck(residentID: w.ids[3]!, MonitoringCheck(temperatureTenths: 365, symptoms: []), actor: citizen, now: now)
            }
            #expect(try await w.quarantine.checks(assignmentID: id, actor: w.staff).map(\.bySelf) == [true, false, false])
            #expect(try await w.quarantine.checksDue(actor: w.staff, now: now + 3).isEmpty)

            // A positive from the lab raises an alert at the site in the upload's own transaction.
            let screening = Screening(registry: f.registry)
            let op = try await f.operatorActor()
            try await screening.createLab(code: "LAB001", name: "金域检验", dailyCapacity: 1_000, actor: op)
            let sampler = try await f.actor(.sampler, at: "M1")
            let tube = try await screening.openTube(barcode: "QT000001", siteCode: "QS000001", roundID: nil, capacity: nil, actor: sampler)
            #expect(tube.capacity == 1)
            try await screening.addSwab(barcode: "QT000001", idNumber: validID(serial: 4), actor: sampler)
            try await screening.dispatch(batch: "QB000001", labCode: "LAB001", barcodes: ["QT000001"], actor: sampler)
            let labUser = try await f.actor(.labOperator, at: "C")
            try await screening.assignLab(username: labUser.name, labCode: "LAB001", actor: try await f.actor(.admin, at: "C"))
            let lab = try await f.database.actor(for: try await f.database.user(username: labUser.name)!)
            try await screening.receive(batch: "QB000001", actor: lab)
            _ = try await screening.uploadResults([ResultRow(barcode: "QT000001", result: "positive", ct: "28", testedAt: UnixTime.now() + 60)], actor: lab)
            let alerts = try await w.quarantine.alerts(actor: w.staff)
            #expect(alerts.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.fever, .positive, .symptoms])
            let positive = try #require(alerts.first { $0.kind == .positive })
            await #expect(throws: QuarantineError(.positiveResult)) { try await w.quarantine.release(id, actor: w.staff, now: now + 9 * day) }
            await #expect(throws: QuarantineError(.reasonMissing)) { try await w.quarantine.resolveAlert(positive.id, resolution: " ", actor: w.staff) }
            try await w.quarantine.resolveAlert(positive.id, resolution: "转定点医院", actor: w.staff, now: now + 300)
            await #expect(throws: QuarantineError(.reasonMissing)) { try await w.quarantine.sendToHospital(id, reason: "", actor: w.staff, now: now + 300) }
            try await w.quarantine.sendToHospital(id, reason: "核酸阳性", actor: w.staff, now: now + 300)
            #expect(try await w.quarantine.alerts(actor: w.staff).count == 2)
            #expect(try await w.quarantine.assignments(actor: w.staff, active: false).first?.status == .hospital)
            #expect(try await w.quarantine.sites(actor: w.staff).first?.occupied == 0)
        }
    }

    @Test(arguments: Backends.all) func tiersCarersExtensionsTransfersAndEarlyReleaseFollowTheirRules(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            _ = try await site(w, rooms: 3, doubles: 1)
            // The November 2022 rules have no secondary contacts and no medium-risk visitors.
            await #expect(throws: QuarantineError(.tierNotInPolicy)) {
                try await w.quarantine.assign(residentID: w.ids[6]!, tier: .secondaryContact, actor: w.staff, now: now)
            }
            await #expect(throws: QuarantineError(.tierNotInPolicy)) {
                try await w.quarantine.assign(residentID: w.ids[6]!, tier: .mediumRiskVisitor, actor: w.staff, now: now)
            }
            // A carer may come only with a child, an elderly or a disabled person.
            try await contact(w, 6)
            await #expect(throws: AllocationError(.carerNotAllowed)) {
                try await w.quarantine.assign(residentID: w.ids[6]!, carerID: w.ids[9]!, actor: w.staff, now: now)
            }
            try await contact(w, 13)
            let child = try await w.quarantine.assign(residentID: w.ids[13]!, carerID: w.ids[9]!, actor: w.staff, now: now)
            let placed = try await w.quarantine.openAssignment(child, actor: w.staff, now: now)
            #expect(placed.stay?.carerName == "居民9" && placed.stay?.roomNumber == "101")

            // A high-risk visitor under November 2022 stays at home: no room.
            let visitor = try await w.quarantine.assign(residentID: w.ids[7]!, tier: .highRiskVisitor, actor: w.staff, now: now)
            let home = try await w.quarantine.openAssignment(visitor, actor: w.staff, now: now)
            #expect(home.stay == nil && home.schedule.phases.map(\.kind) == [.home] && home.schedule.tests.map(\.day) == [1, 3, 5, 7])
            #expect(try await colour(w, 7, at: now + 60) == .red)

            let adult = try await w.quarantine.assign(residentID: w.ids[6]!, actor: w.staff, now: now)
            let rooms = try await w.quarantine.rooms(siteID: placed.stay!.siteID, actor: w.staff)
            let free = try #require(rooms.first { $0.occupantName == nil })
            await #expect(throws: QuarantineError(.reasonMissing)) { try await w.quarantine.transfer(adult, toRoom: free.id, reason: "", actor: w.staff) }
            await #expect(throws: AllocationError(.roomOccupied)) {
                try await w.quarantine.transfer(adult, toRoom: rooms[0].id, reason: "漏水", actor: w.staff, now: now)
            }
            try await w.quarantine.transfer(adult, toRoom: free.id, reason: "漏水", actor: w.staff, now: now + 60)
            #expect(try await w.quarantine.openAssignment(adult, actor: w.staff, now: now).stay?.roomNumber == free.number)

            await #expect(throws: QuarantineError(.reasonMissing)) { try await w.quarantine.extend(adult, days: 2, reason: " ", actor: w.staff) }
            try await w.quarantine.extend(adult, days: 2, reason: "同住人阳性", actor: w.staff, now: now + 120)
            let extended = try await w.quarantine.openAssignment(adult, actor: w.staff, now: now)
            #expect(extended.schedule.end == now + 10 * day)
            await #expect(throws: QuarantineError(.reasonMissing)) { try await w.quarantine.releaseEarly(adult, reason: "", actor: w.staff) }
            try await w.quarantine.releaseEarly(adult, reason: "复核排除密接", actor: w.staff, now: now + 180)
            #expect(try await colour(w, 6, at: now + 240) == .green)

            // Outside the actor's jurisdiction a measure does not exist.
            let other = try await f.actor(.quarantineStaff, at: "D2")
            await #expect(throws: StoreError.self) { try await w.quarantine.openAssignment(child, actor: other, now: now) }
            #expect(try await w.quarantine.sites(actor: other).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func aSiteIsRegisteredWholeOrNotAtAll(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let bad = NewQuarantineSite(code: "x", name: "", areaCode: "M1", address: "", floors: 0, roomsPerFloor: 10, doubleRoomsPerFloor: 11)
            do {
                try await w.quarantine.createSite(bad, actor: w.staff)
                Issue.record("accepted a bad site")
            } catch let errors as FieldErrors {
                #expect(errors.errors.map(\.field) == ["code", "name", "floors", "double_rooms_per_floor"])
            }
            // Negative counts (found by schemathesis: they crashed the server) are field errors too.
            let negative = NewQuarantineSite(code: "QS000010", name: "负数宾馆", areaCode: "M1", address: "", floors: -3,
                                             roomsPerFloor: -13_994_430_623_300_680, doubleRoomsPerFloor: 0)
            do {
                try await w.quarantine.createSite(negative, actor: w.staff)
                Issue.record("accepted negative rooms")
            } catch let errors as FieldErrors {
                #expect(errors.errors.map(\.field) == ["floors", "rooms_per_floor", "double_rooms_per_floor"])
            }
            _ = try await site(w)
            await #expect(throws: FieldErrors.self) { try await site(w) }
            // Staff of another district cannot put a site here.
            let local = try await f.actor(.quarantineStaff, at: "D2")
            await #expect(throws: FieldErrors(errors: [FieldError(field: "area_code", code: .unknownArea)])) {
                try await w.quarantine.createSite(NewQuarantineSite(code: "QS000009", name: "西湖宾馆", areaCode: "M1", address: "", floors: 1,
                                                                     roomsPerFloor: 1), actor: local)
            }
            let counts = try await f.database.read { try await $0.select("SELECT COUNT(*) FROM quarantine_rooms", binds: [], types: [.int]) }
            #expect(counts.first?[0].int == 2)
            // The site's sampling desk takes single tubes.
            #expect(try await Screening(registry: f.registry).sites(under: try await f.database.area(code: "M1")!).map(\.kind) == [.quarantineSite])
        }
    }
}
