import CordonDomain
@testable import CordonStore
import Crypto
import Foundation
import Testing

/// Codes follow their facts in the same transaction, are assessed again when the clock moves them, and a manual
/// colour needs a second officer; passes sign, verify, survive a rotation and refuse tampering. Both databases.
@Suite struct HealthCodeStoreTests {
    struct World {
        let f: StoreFixture
        let screening: Screening
        let codes: HealthCodes
        let sampler: Actor
        let lab: Actor
    }

    func world(_ f: StoreFixture) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 12).utf8), actor: op, skipInvalid: false, reason: "seed")
        let screening = Screening(registry: f.registry)
        try await screening.createSite(code: "SITE01", name: "和平社区采样点", areaCode: "M1", desks: 2, dailyCapacity: 1200, actor: op)
        try await screening.createLab(code: "LAB001", name: "金域检验", dailyCapacity: 100_000, actor: op)
        let labUser = try await f.actor(.labOperator, at: "C")
        try await screening.assignLab(username: labUser.name, labCode: "LAB001", actor: op)
        let lab = try await f.database.actor(for: try await f.database.user(username: labUser.name)!)
        return World(f: f, screening: screening, codes: HealthCodes(registry: f.registry), sampler: try await f.actor(.sampler, at: "M1"), lab: lab)
    }

    func residentID(_ f: StoreFixture, _ serial: Int) async throws -> Int64 {
        try await f.database.read { session in
            try await session.select("SELECT id FROM residents WHERE name = ?", binds: [.text("居民\(serial)")], types: [.int]).first![0].int!
        }
    }

    func sampleAndResult(_ w: World, barcode: String, serials: [Int], capacity: Int, result: String) async throws {
        try await w.screening.openTube(barcode: barcode, siteCode: "SITE01", roundID: nil, capacity: capacity, actor: w.sampler)
        for s in serials { try await w.screening.addSwab(barcode: barcode, idNumber: validID(serial: s), actor: w.sampler) }
        if capacity > 1 { try await w.screening.closeTube(barcode: barcode, actor: w.sampler) }
        try await w.screening.dispatch(batch: "B" + barcode, labCode: "LAB001", barcodes: [barcode], actor: w.sampler)
        try await w.screening.receive(batch: "B" + barcode, actor: w.lab)
        _ = try await w.screening.uploadResults([ResultRow(barcode: barcode, result: result, testedAt: UnixTime.now() + 60)], actor: w.lab)
    }

    @Test(arguments: Backends.all) func aPositivePoolTurnsItsPeopleYellowInTheSameTransactionAndARetestClearsIt(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            try await sampleAndResult(w, barcode: "T0000001", serials: [1, 3], capacity: 5, result: "positive")
            let one = try await residentID(f, 1)
            // Read straight from the table: the upload itself stored the new colour, no reader had to ask first.
            let stored = try await f.database.read { session in
                try await session.select("SELECT colour FROM health_codes WHERE resident_id = ?", binds: [.int(one)], types: [.text]).first?[0].text
            }
            #expect(stored == "yellow")
            let history = try await w.codes.history(residentID: one)
            #expect(history.map(\.to) == [.yellow])
            #expect(history.first?.reasons.map(\.rule) == [.temporaryControl])

            try await sampleAndResult(w, barcode: "R0000001", serials: [1], capacity: 1, result: "negative")
            let after = try await w.codes.history(residentID: one)
            #expect(after.map(\.to) == [.green, .yellow])
            #expect(after.first?.from == .yellow)
            // 居民3 is still waiting for a retest.
            let three = try await residentID(f, 3)
            let code = try await w.codes.current(residentID: three)
            #expect(code.colour == .yellow)
        }
    }

    @Test(arguments: Backends.all) func aStoredCodeIsAssessedAgainWhenTheClockPassesItsNextChange(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let op = try await f.operatorActor()
            let five = try await residentID(f, 5)
            // A medical worker never sampled is overdue at once; sampling clears it in the swab's own transaction.
            try await w.screening.setWorkGroup(residentID: five, group: .medical, actor: try await f.actor(.gridWorker, at: "C"))
            #expect(try await w.codes.current(residentID: five).colour == .yellow)
            try await sampleAndResult(w, barcode: "T0000005", serials: [5], capacity: 1, result: "negative")
            let fresh = try await w.codes.current(residentID: five)
            #expect(fresh.colour == .green)
            let due = try #require(fresh.changesAt)
            // At the moment the 24 h run out the stored green is stale, and reading it assesses it again.
            #expect(try await w.codes.current(residentID: five, now: due - 1).colour == .green)
            #expect(try await w.codes.current(residentID: five, now: due).colour == .yellow)
            _ = op
        }
    }

    @Test(arguments: Backends.all) func aManualColourNeedsASecondOfficerAndExpiresByItself(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let two = try await residentID(f, 7)
            let first = try await f.actor(.codeOfficer, at: "D1")
            let second = try await f.actor(.codeOfficer, at: "D1")
            let elsewhere = try await f.actor(.codeOfficer, at: "D2")
            await #expect(throws: StoreError.self) {
                try await w.codes.requestManualColour(residentID: two, colour: .red, reason: " ", hours: 24, actor: first)
            }
            await #expect(throws: StoreError.self) {
                try await w.codes.requestManualColour(residentID: two, colour: .red, reason: "refused", hours: 24 * 30, actor: first)
            }
            await #expect(throws: StoreError.self) {
                try await w.codes.requestManualColour(residentID: two, colour: .red, reason: "refused", hours: 24, actor: try await f.actor(.gridWorker, at: "D1"))
            }
            let request = try await w.codes.requestManualColour(residentID: two, colour: .red, reason: "拒不配合流调", hours: 24, actor: first)
            #expect(try await w.codes.current(residentID: two).colour == .green)
            // Not by the same officer, not from outside the jurisdiction.
            do {
                try await w.codes.decideManualColour(requestID: request, approve: true, actor: first)
                Issue.record("the requester approved their own request")
            } catch let error as StoreError { #expect(error.code == .forbidden) }
            do {
                try await w.codes.decideManualColour(requestID: request, approve: true, actor: elsewhere)
                Issue.record("an officer outside the jurisdiction decided")
            } catch let error as StoreError { #expect(error.code == .notFound) }
            // The database itself refuses a self-decision, whatever the code above it does.
            await #expect(throws: (any Error).self) {
                try await f.database.write { session in
                    try await session.execute("UPDATE manual_colours SET decided_by = requested_by, decided_at = 1, approved = 1 WHERE id = ?",
                                             binds: [.int(request)])
                }
            }
            #expect(try await w.codes.manualColours(actor: second, pendingOnly: true).map(\.id) == [request])

            try await w.codes.decideManualColour(requestID: request, approve: true, actor: second)
            let code = try await w.codes.current(residentID: two)
            #expect(code.colour == .red)
            #expect(code.reasons.last?.source.label == "拒不配合流调")
            await #expect(throws: StoreError.self) { try await w.codes.decideManualColour(requestID: request, approve: false, actor: second) }
            #expect(try await w.codes.current(residentID: two, now: code.changesAt!).colour == .green)

            let auditor = try await f.actor(.auditor, at: "C")
            let today = try await w.codes.manualColours(actor: auditor, pendingOnly: false, day: CivilDate(unixTime: UnixTime.now()))
            #expect(today.map(\.approved) == [true])
            #expect(today.first?.requestedBy == first.name)
            #expect(today.first?.decidedBy == second.name)
            #expect(today.first?.maskedName == "居*7")
            let journal = try await f.database.journal(subjectType: "resident", subjectID: "\(two)").map(\.action)
            #expect(journal.contains("code.manual.request") && journal.contains("code.manual.approve"))
        }
    }

    @Test(arguments: Backends.all) func aCitizenSeesTheirOwnCodeAndThoseTheyActFor(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let op = try await f.operatorActor()
            let citizen = try await f.actor(.citizen, at: "C")
            await #expect(throws: StoreError.self) { try await w.codes.ownCodes(actor: citizen) }
            let me = try await residentID(f, 1), mother = try await residentID(f, 4)
            try await f.database.linkCitizen(username: citizen.name, residentID: me, actor: op)
            try await f.registry.addProxy(residentID: mother, proxyIDNumber: validID(serial: 1), relation: "子女", actor: try await f.actor(.gridWorker, at: "C"))
            let codes = try await w.codes.ownCodes(actor: citizen)
            #expect(codes.map(\.residentID) == [me, mother])
            #expect(codes.map(\.relation) == [nil, "子女"])
            #expect(codes.first?.maskedName == "居*1")
            let stranger = try await residentID(f, 2)
            await #expect(throws: StoreError.self) { try await w.codes.ownCode(residentID: stranger, actor: citizen) }
        }
    }

    @Test(arguments: Backends.all) func reassessingAnAreaTouchesOnlyWhatChanged(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let district = try await f.database.area(code: "D1")!
            let commander = try await f.actor(.commander, at: "C")
            let first = try await w.codes.refresh(area: district, actor: commander)
            #expect(first.assessed == 8)
            #expect(first.rewritten == 8)
            #expect(first.recoloured == 0)
            let again = try await w.codes.refresh(area: district, actor: commander)
            #expect(again.rewritten == 0)
            #expect(try await w.codes.colourCounts(area: district) == [.green: 8])
            await #expect(throws: StoreError.self) { try await w.codes.refresh(area: district, actor: try await f.actor(.commander, at: "D2")) }
        }
    }

    @Test(arguments: Backends.all) func passesVerifyAcrossARotationAndRefuseTampering(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let passes = Passes(registry: f.registry, issuer: "CN-620100")
            let now = UnixTime.now()
            let claims = PassClaims(issuer: passes.issuer, subject: passes.subject(residentID: 1), issuedAt: now, expiresAt: now + 300,
                                    colour: .green, maskedName: "居*1", kind: .phone)
            let text = try await passes.sign(claims, now: now)
            #expect(try await passes.verify(text, now: now) == claims)
            #expect(passes.subject(residentID: 1) == passes.subject(residentID: 1))
            #expect(passes.subject(residentID: 1) != passes.subject(residentID: 2))

            let kid = try await passes.rotate(actor: try await f.operatorActor(), now: now + 1)
            let trust = try await passes.trustList(now: now + 2)
            #expect(trust.count == 2)
            #expect(trust.first?.kid == kid)
            #expect(trust.last?.retiredAt == now + 1)
            // Signed by the retired key, still good until it expires.
            #expect(try await passes.verify(text, now: now + 2) == claims)
            let newer = try await passes.sign(claims, now: now + 2)
            #expect(try PassText.decode(newer).keyID != (try PassText.decode(text)).keyID)

            // A colour edited into the payload breaks the signature.
            let message = try PassText.decode(text)
            let red = PassClaims(issuer: claims.issuer, subject: claims.subject, issuedAt: now, expiresAt: now + 300, colour: .red,
                                 maskedName: claims.maskedName, kind: .phone)
            let forged = PassText.encode(COSESign1(protected: message.protected, keyID: message.keyID, payload: red.cbor().encoded(),
                                                   signature: message.signature))
            do {
                _ = try await passes.verify(forged, now: now + 2)
                Issue.record("a forged pass verified")
            } catch let error as PassError { #expect(error.code == .badSignature) }
            // Signed by a key of our own making, not in the trust list.
            let stranger = P256.Signing.PrivateKey()
            let protected = COSESign1.protectedHeader(keyID: [1, 2, 3])
            let payload = claims.cbor().encoded()
            let signature = try stranger.signature(for: COSESign1.toBeSigned(protected: protected, payload: payload))
            let foreign = PassText.encode(COSESign1(protected: protected, keyID: [1, 2, 3], payload: payload, signature: [UInt8](signature.rawRepresentation)))
            do {
                _ = try await passes.verify(foreign, now: now + 2)
                Issue.record("a pass from an unknown key verified")
            } catch let error as PassError { #expect(error.code == .unknownKey) }
            do {
                _ = try await passes.verify(text, now: now + 300)
                Issue.record("an expired pass verified")
            } catch let error as PassError { #expect(error.code == .expired) }
        }
    }

    /// A server recognises the passes it signed without checking their signatures again, and that changes nothing it
    /// accepts: a signature altered on its own pass is refused, and another server's pass (nothing recorded for it) is
    /// checked by its signature and accepted.
    @Test(arguments: Backends.all) func passesThisServerSignedAreRecognisedAndNothingElseIs(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let here = Passes(registry: f.registry, issuer: "CN-620100")
            let now = UnixTime.now()
            let claims = PassClaims(issuer: here.issuer, subject: here.subject(residentID: 1), issuedAt: now, expiresAt: now + 300,
                                    colour: .green, maskedName: "居*1", kind: .phone)
            let text = try await here.sign(claims, now: now)
            #expect(try await here.verify(text, now: now) == claims)
            #expect(try await here.verifyBySignature(text, now: now) == claims)

            let message = try PassText.decode(text)
            var signature = message.signature
            signature[10] ^= 0x01
            let altered = PassText.encode(COSESign1(protected: message.protected, keyID: message.keyID, payload: message.payload,
                                                    signature: signature))
            do {
                _ = try await here.verify(altered, now: now)
                Issue.record("a pass with an altered signature verified")
            } catch let error as PassError { #expect(error.code == .badSignature) }

            let there = Passes(registry: f.registry, issuer: "CN-620100")
            let theirs = try await there.sign(claims, now: now)
            #expect(try await here.verify(theirs, now: now) == claims)
            #expect(try await there.verify(text, now: now) == claims)
        }
    }

    @Test(arguments: Backends.all) func aWholeAreaReassessedInBulkKeepsEveryCodeAndItsHistory(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let op = try await f.operatorActor()
            var csv = "name,id_number,phone,household_code,groups\n"
            for i in 1...1_200 { csv += "居民\(i),\(validID(born: i < 1_000 ? "19800101" : "19800102", serial: i)),,H1,\n" }
            _ = try await f.registry.importResidents(csv: Array(csv.utf8), actor: op, skipInvalid: false, reason: "seed")
            let codes = HealthCodes(registry: f.registry)
            let district = try await f.database.area(code: "D1")!
            let commander = try await f.actor(.commander, at: "C")
            #expect(try await codes.refresh(area: district, actor: commander).rewritten == 1_200)
            let one = try await f.database.read { s in try await s.select("SELECT id FROM residents WHERE name = '居民7'", binds: [], types: [.int]).first![0].int! }
            let officer1 = try await f.actor(.codeOfficer, at: "C"), officer2 = try await f.actor(.codeOfficer, at: "C")
            try await codes.decideManualColour(requestID: try await codes.requestManualColour(residentID: one, colour: .red, reason: "核查", hours: 24, actor: officer1),
                                               approve: true, actor: officer2)
            // As if a fact touched everyone: every stored code differs from its facts, and the bulk path replaces them.
            try await f.database.write { s in try await s.execute("UPDATE health_codes SET changes_at = 1", binds: []) }
            let report = try await codes.refresh(area: district, actor: commander)
            #expect(report.assessed == 1_200)
            #expect(report.rewritten == 1_200)
            #expect(report.recoloured == 0)
            #expect(try await codes.colourCounts(area: district) == [.green: 1_199, .red: 1])
            #expect(try await codes.history(residentID: one).map(\.to) == [.red])
            #expect(try await codes.refresh(area: district, actor: commander).rewritten == 0)
            // The same people named one by one take the temporary-table path, with the same answer.
            let everyone = try await f.database.read { s in try await s.select("SELECT id FROM residents", binds: [], types: [.int]).compactMap { $0[0].int } }
            try await f.database.write { s in try await s.execute("UPDATE health_codes SET changes_at = 1", binds: []) }
            let byIDs = try await f.database.write { s in try await CodeRefresh.run(s, .ids(everyone), now: UnixTime.now()) }
            #expect(byIDs.assessed == 1_200 && byIDs.rewritten == 1_200 && byIDs.recoloured == 0)
            #expect(try await codes.colourCounts(area: district) == [.green: 1_199, .red: 1])
        }
    }
}
