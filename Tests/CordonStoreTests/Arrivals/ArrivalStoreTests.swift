import CordonDomain
@testable import CordonStore
import Testing

/// Origins, arrival reports and their measures under both presets, the public form, and trips, on both databases.
@Suite struct ArrivalStoreTests {
    /// 2022-08-10 12:00, under the 9th edition.
    static let august = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 12 * 3_600
    let day: Int64 = 86_400

    static let origins = """
        code,name,risk
        110105,北京市朝阳区,high
        310115,上海市浦东新区,medium
        610113,西安市雁塔区,low
        440305,深圳市南山区,

        """

    struct World {
        let f: StoreFixture
        let arrivals: Arrivals
        let codes: HealthCodes
        let grid: Actor
        let ids: [Int: Int64]
    }

    func world(_ f: StoreFixture, now: Int64) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 6).utf8), actor: op, skipInvalid: false, reason: "seed")
        let arrivals = Arrivals(registry: f.registry)
        try await arrivals.importOrigins(csv: Array(Self.origins.utf8), actor: op, now: now)
        var ids: [Int: Int64] = [:]
        for r in try await f.database.read({ try await $0.select("SELECT id, name FROM residents", binds: [], types: [.int, .text]) }) {
            ids[Int(r[1].text!.dropFirst(2))!] = r[0].int!
        }
        return World(f: f, arrivals: arrivals, codes: HealthCodes(registry: f.registry), grid: try await f.actor(.gridWorker, at: "G1"), ids: ids)
    }

    func report(_ origin: String, on date: CivilDate, transport: String = "train") throws -> ArrivalReport {
        try ArrivalReport.validate(originCode: origin, transport: transport, tripNumber: "G1234", arrivedOn: date.description, address: "",
                                   today: date).get()
    }

    @Test(arguments: Backends.all) func theOriginsListIsImportedWholeWithEveryBadLineNamed(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f, now: Self.august)
            let bad = "code,name,risk\n11010,短码,high\n110105,北京市朝阳区,extreme\n110105,重复,\n,无码,\n"
            do {
                try await w.arrivals.importOrigins(csv: Array(bad.utf8), actor: try await f.operatorActor())
                Issue.record("accepted a bad file")
            } catch let failure as ImportFailure {
                #expect(failure.issues.map(\.description) == [
                    "line 2, code: is not in the expected format", "line 3, risk: has an unknown value", "line 4, code: appears twice in the file",
                    "line 5, code: is required",
                ])
            }
            #expect(try await w.arrivals.origins().map(\.code) == ["110105", "310115", "610113", "440305"])
            await #expect(throws: StoreError.self) { try await w.arrivals.importOrigins(csv: Array(Self.origins.utf8), actor: w.grid) }
            try await w.arrivals.setOriginRisk(code: "440305", risk: .high, actor: try await f.operatorActor())
            #expect(try await w.arrivals.origins(matching: "4403").first?.risk == .high)
            await #expect(throws: FieldErrors.self) { try await w.arrivals.setOriginRisk(code: "999999", risk: nil, actor: try await f.operatorActor()) }
        }
    }

    @Test(arguments: Backends.all) func underTheNinthEditionAnArrivalOwesThreeTestsOrAMeasureByItsOrigin(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.august
            let w = try await world(f, now: now)
            let today = CivilDate(unixTime: now)
            // From a place in no risk area: three tests in three days (三天三检).
            let plain = try await w.arrivals.report(try report("440305", on: today), residentID: w.ids[3]!, actor: w.grid, now: now)
            #expect(plain.measure == .tests && plain.tests.map(\.day) == [1, 2, 3] && plain.originName == "深圳市南山区")
            #expect(try await w.codes.current(residentID: w.ids[3]!, now: now + 60).colour == .green)
            // Day 1 passes without a sample: yellow, with the missed test as the reason, until a test is taken.
            let tomorrow = today.adding(days: 1).startUnixTime()
            let missed = try await w.codes.current(residentID: w.ids[3]!, now: tomorrow + 60)
            #expect(missed.colour == .yellow && missed.reasons.map(\.rule) == [.arrivalTestMissed])
            try await f.database.write { session in
                try await session.execute("INSERT INTO sampling_sites (code, name, area_id, desks, daily_capacity, created_at) VALUES ('S00001', 's', 1, 1, 1, 0)",
                                         binds: [])
                let tube = try await session.execute("""
                    INSERT INTO tubes (barcode, site_id, capacity, purpose, status, members, opened_at) VALUES ('T0000001', 1, 1, 'screening', 'closed', 1, ?) RETURNING id
                    """, binds: [.int(tomorrow + 3_600)], returning: [.int]).first![0].int!
                try await session.insert(into: "tube_members", columns: ["tube_id", "resident_id", "sampled_at"],
                                         rows: [[.int(tube), .int(w.ids[3]!), .int(tomorrow + 3_600)]])
            }
            try await w.codes.refresh(area: try await f.database.area(code: "H1")!, actor: try await f.operatorActor(), now: tomorrow + 7_200)
            #expect(try await w.codes.current(residentID: w.ids[3]!, now: tomorrow + 7_300).colour == .green)

            // From a low-risk area: two tests in three days. From a medium-risk area: seven days at home, placed at once.
            let low = try await w.arrivals.report(try report("610113", on: today), residentID: w.ids[4]!, actor: w.grid, now: now)
            #expect(low.measure == .tests && low.tests.map(\.day) == [1, 3])
            let medium = try await w.arrivals.report(try report("310115", on: today), residentID: w.ids[6]!, actor: w.grid, now: now)
            #expect(medium.measure == .quarantine && medium.tier == .mediumRiskVisitor && medium.assignmentID != nil)
            #expect(try await w.codes.current(residentID: w.ids[6]!, now: now + 60).colour == .red)
            // From a high-risk area: seven days central, so they wait for a room.
            let high = try await w.arrivals.report(try report("110105", on: today), residentID: w.ids[1]!, actor: w.grid, now: now)
            #expect(high.tier == .highRiskVisitor && high.assignmentID == nil)
            let staff = try await f.actor(.quarantineStaff, at: "C")
            let waiting = try await Quarantine(registry: f.registry).waiting(actor: staff, now: now)
            #expect(waiting.map(\.residentID) == [w.ids[1]!] && waiting.first?.source == .arrival && waiting.first?.needsRoom == true)

            // The community's list has all four, newest first; the journal has each on the person's timeline.
            #expect(Set(try await w.arrivals.arrivals(actor: w.grid, now: now).map(\.residentID)) == Set([1, 3, 4, 6].map { w.ids[$0]! }))
            #expect(try await f.database.journal(subjectType: "resident", subjectID: "\(w.ids[6]!)").map(\.action) == ["quarantine.assign", "arrival.report"])
        }
    }

    @Test(arguments: Backends.all) func badArrivalsAreRefusedWithNothingWritten(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = UnixTime.now()
            let w = try await world(f, now: now)
            let today = CivilDate(unixTime: now)
            switch ArrivalReport.validate(originCode: "12", transport: "horse", tripNumber: String(repeating: "x", count: 21),
                                          arrivedOn: today.adding(days: 1).description, address: "", today: today) {
            case .success: Issue.record("accepted a bad report")
            case .failure(let errors):
                #expect(errors.errors.map(\.field) == ["origin_code", "transport", "trip_number", "arrived_on"])
            }
            await #expect(throws: FieldErrors(errors: [FieldError(field: "origin_code", code: .unknownArea)])) {
                try await w.arrivals.report(try report("120101", on: today), residentID: w.ids[3]!, actor: w.grid, now: now)
            }
            #expect(try await w.arrivals.arrivals(actor: w.grid, now: now).isEmpty)
            // Under November 2022 only a high-risk origin holds anyone: seven days at home, tests 1, 3, 5, 7.
            let none = try await w.arrivals.report(try report("610113", on: today), residentID: w.ids[3]!, actor: w.grid, now: now)
            #expect(none.measure == .none && none.tests.isEmpty)
            await #expect(throws: StoreError.self) {
                try await w.arrivals.report(try report("610113", on: today), residentID: w.ids[3]!, actor: w.grid, now: now)
            }
            let high = try await w.arrivals.report(try report("110105", on: today), residentID: w.ids[6]!, actor: w.grid, now: now)
            #expect(high.tier == .highRiskVisitor && high.assignmentID != nil)
            // A grid worker of another district does not see or report for these residents.
            let other = try await f.actor(.gridWorker, at: "M2")
            await #expect(throws: StoreError.self) {
                try await w.arrivals.report(try report("610113", on: today), residentID: w.ids[4]!, actor: other, now: now)
            }
            #expect(try await w.arrivals.arrivals(actor: other, now: now).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func thePublicFormAndTheCitizenReportAndTripsShowEverything(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = UnixTime.now()
            let w = try await world(f, now: now)
            let today = CivilDate(unixTime: now)
            let id = try IDNumber(validID(serial: 4))
            await #expect(throws: ArrivalIdentityMismatch.self) {
                try await w.arrivals.reportPublic(try report("610113", on: today), idNumber: id, phone: try PhoneNumber("13900000005"), now: now)
            }
            await #expect(throws: ArrivalIdentityMismatch.self) {
                try await w.arrivals.reportPublic(try report("610113", on: today), idNumber: try IDNumber(validID(serial: 99)),
                                                  phone: try PhoneNumber("13900000099"), now: now)
            }
            let filed = try await w.arrivals.reportPublic(try report("610113", on: today), idNumber: id, phone: try PhoneNumber("13900000004"), now: now)
            #expect(filed.residentID == w.ids[4]!)

            let citizen = try await f.actor(.citizen, at: "H2")
            try await f.database.linkCitizen(username: citizen.name, residentID: w.ids[1]!, actor: try await f.operatorActor())
            try await f.registry.addProxy(residentID: w.ids[4]!, proxyResidentID: w.ids[1]!, relation: "子女", actor: try await f.operatorActor())
            try await w.arrivals.reportOwn(try report("440305", on: today.adding(days: -1)), residentID: w.ids[1]!, actor: citizen, now: now)
            await #expect(throws: StoreError.self) {
                try await w.arrivals.reportOwn(try report("440305", on: today), residentID: w.ids[3]!, actor: citizen, now: now)
            }
            #expect(Set(try await w.arrivals.ownArrivals(actor: citizen, now: now).map(\.residentID)) == [w.ids[1]!, w.ids[4]!])

            // A checkpoint's passage of the proxied person's pass joins their trips.
            let checkpoints = Checkpoints(registry: f.registry)
            try await checkpoints.createCheckpoint(code: "KK0001", name: "兰州南收费站", areaCode: "D1", kind: "traffic", actor: try await f.operatorActor())
            let door = try await f.actor(.checkpointStaff, at: "C")
            let claims = PassClaims(issuer: "cordon", subject: Passes(registry: f.registry, issuer: "cordon").subject(residentID: w.ids[4]!),
                                    issuedAt: now, expiresAt: now + 300, colour: .green, maskedName: "居*4", kind: .phone)
            try await checkpoints.recordPassage(checkpoint: "KK0001", claims: claims, temperatureTenths: 365, direction: .inbound, actor: door, now: now)
            let trips = try await w.arrivals.ownTrips(actor: citizen, now: now + 60)
            #expect(Set(trips.map(\.kind)) == [.arrival, .checkpoint])
            #expect(trips.first { $0.kind == .checkpoint }?.place == "兰州南收费站")
            let staff = try await f.actor(.gridWorker, at: "G1")
            let record = try await f.registry.resident(id: w.ids[4]!, actor: staff, purpose: "trips", today: today)
            #expect(try await w.arrivals.trips(for: record, now: now + 60).map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.arrival, .checkpoint])
        }
    }
}
