import CordonDomain
@testable import CordonStore
import Foundation
import Testing

/// Venue check-ins count only fresh codes of our own making; passages only verified passes; registrations once a day.
@Suite struct CheckpointStoreTests {
    func setup(_ f: StoreFixture) async throws -> (Checkpoints, HealthCodes, Actor, Int64) {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 3).utf8), actor: op, skipInvalid: false, reason: "seed")
        let area = try await f.database.area(code: "M1")!
        try await f.database.write { session in
            try await session.insert(into: "venues", columns: ["code", "name", "category", "area_id", "created_at"],
                                     rows: [[.text("V000001"), .text("东方红广场超市"), .text("supermarket"), .int(area.id), .int(UnixTime.now())]])
        }
        let citizen = try await f.actor(.citizen, at: "C")
        let me = try await f.database.read { s in try await s.select("SELECT id FROM residents WHERE name = '居民1'", binds: [], types: [.int]).first![0].int! }
        try await f.database.linkCitizen(username: citizen.name, residentID: me, actor: op)
        return (Checkpoints(registry: f.registry), HealthCodes(registry: f.registry), citizen, me)
    }

    func visits(_ f: StoreFixture) async throws -> [[SQLValue]] {
        try await f.database.read { s in try await s.select("SELECT resident_id, source, left_at - entered_at FROM venue_visits", binds: [], types: [.int, .text, .int]) }
    }

    @Test(arguments: Backends.all) func onlyAFreshCodeOfTheVenuesOwnRecordsAVisit(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let (points, codes, citizen, me) = try await setup(f)
            let now = UnixTime.now()
            let shown = points.rotatingCode(venue: "V000001", now: now)
            let done = try await points.checkIn(code: shown.text, residentID: me, actor: citizen, codes: codes, now: now + 20)
            #expect(done.venueName == "东方红广场超市")
            #expect(done.printed == false)
            #expect(try await visits(f) == [[.int(me), .text("scan"), .int(3_600)]])

            // The same picture forwarded and scanned five minutes later; a tag changed by hand; an unknown venue.
            await #expect(throws: VenueCodeError.stale) {
                try await points.checkIn(code: shown.text, residentID: me, actor: citizen, codes: codes, now: now + 300)
            }
            let forged = VenueCode(venue: "V000001", validity: shown.validity, tag: "AAAAAAAAAAAAAAAA")
            await #expect(throws: VenueCodeError.forged) {
                try await points.checkIn(code: forged.text, residentID: me, actor: citizen, codes: codes, now: now)
            }
            let elsewhere = points.rotatingCode(venue: "V999999", now: now)
            await #expect(throws: VenueCodeError.unknownVenue) {
                try await points.checkIn(code: elsewhere.text, residentID: me, actor: citizen, codes: codes, now: now)
            }
            // Somebody else's check-in is not the citizen's to make.
            await #expect(throws: StoreError.self) {
                try await points.checkIn(code: shown.text, residentID: me + 1, actor: citizen, codes: codes, now: now)
            }
            let printed = points.dailyCode(venue: "V000001", day: CivilDate(unixTime: now))
            #expect(try await points.checkIn(code: printed.text, residentID: me, actor: citizen, codes: codes, now: now).printed)
            await #expect(throws: VenueCodeError.stale) {
                try await points.checkIn(code: printed.text, residentID: me, actor: citizen, codes: codes, now: now + 86_400)
            }
            #expect(try await visits(f).count == 2)
        }
    }

    @Test(arguments: Backends.all) func passagesAndRegistrations(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let (points, codes, _, _) = try await setup(f)
            let officer = try await f.actor(.districtOfficer, at: "D1")
            try await points.createCheckpoint(code: "KK000001", name: "G30 兰州东收费站", areaCode: "S1", kind: "traffic", actor: officer)
            await #expect(throws: StoreError.self) {
                try await points.createCheckpoint(code: "KK000002", name: "x", areaCode: "S2", kind: "traffic", actor: officer)
            }
            await #expect(throws: StoreError.self) {
                try await points.createCheckpoint(code: "KK000003", name: "x", areaCode: "S1", kind: "airport", actor: officer)
            }
            let body = "62010219900101123"
            let id = body + String(IDNumber.checkCharacter(for: body)!)
            guard case .success(let traveller) = TravelRegistration.validate(name: "王五", idNumber: id, phone: "13812345678", plate: "陕A12345",
                                                                              origin: "西安市", remarks: "送货") else { Issue.record("refused"); return }
            let first = try await points.register(traveller)
            #expect(first.residentID == nil)
            #expect(first.maskedName == "王*")
            #expect(try await codes.code(for: first) == .green)
            // Registering again the same day is the same registration.
            #expect(try await points.register(traveller).id == first.id)

            // A resident's ID with somebody else's phone is refused: no colour leaks, nobody passes as a visitor.
            let resident = validID(serial: 1)
            guard case .success(let impostor) = TravelRegistration.validate(name: "居民1", idNumber: resident, phone: "13812345678",
                                                                             plate: "甘A12345", origin: "西宁市", remarks: "") else { return }
            await #expect(throws: TravelPhoneMismatch.self) { try await points.register(impostor) }

            let door = try await f.actor(.checkpointStaff, at: "D1")
            let claims = PassClaims(issuer: "cordon", subject: "travel-\(first.id)", issuedAt: UnixTime.now(), expiresAt: UnixTime.now() + 3_600,
                                    colour: .green, maskedName: "王*", kind: .travel)
            let passage = try await points.recordPassage(checkpoint: "KK000001", claims: claims, temperatureTenths: 375, direction: .inbound, actor: door)
            #expect(passage.fever)
            await #expect(throws: StoreError.self) {
                try await points.recordPassage(checkpoint: "KK000001", claims: claims, temperatureTenths: 500, direction: .inbound, actor: door)
            }
            await #expect(throws: StoreError.self) {
                try await points.recordPassage(checkpoint: "KK000001", claims: claims, temperatureTenths: 365, direction: .inbound,
                                               actor: try await f.actor(.checkpointStaff, at: "D2"))
            }
            #expect(try await points.passages(actor: door).map(\.kind) == [.travel])
        }
    }
}
