import CordonDomain
@testable import CordonStore
import Testing

/// Cases, trajectories, contacts, the ledger, risk points, imports and clusters, on both databases. The clock is set
/// in August 2022, under the 9th edition, so secondary contacts are traced; one test moves it past November 2022.
@Suite struct TracingStoreTests {
    /// 2022-08-10 12:00 in the city.
    static let now = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 12 * 3_600
    let hour: Int64 = 3_600

    struct World {
        let f: StoreFixture
        let tracing: Tracing
        let codes: HealthCodes
        let tracer: Actor
        let ids: [Int: Int64]
    }

    /// Twelve residents: H1 holds 3, 6, 9, 12; H2 holds 1, 4, 7, 10 (both in M1 of D1); H3 holds 2, 5, 8, 11 (D2).
    /// Venues V1 (an office building), V2 (a noodle shop) and V3 (a market) in M1.
    func world(_ f: StoreFixture) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 12).utf8), actor: op, skipInvalid: false, reason: "seed")
        let m1 = try await f.database.area(code: "M1")!
        try await f.database.write { session in
            try await session.insert(into: "venues", columns: ["id", "code", "name", "category", "area_id", "created_at"], rows: [
                [.int(1), .text("V1"), .text("东岗写字楼"), .text("office"), .int(m1.id), .int(Self.now)],
                [.int(2), .text("V2"), .text("牛肉面馆"), .text("restaurant"), .int(m1.id), .int(Self.now)],
                [.int(3), .text("V3"), .text("东岗菜市场"), .text("farmers_market"), .int(m1.id), .int(Self.now)],
            ])
            try await session.syncIdentity(of: "venues")
        }
        var ids: [Int: Int64] = [:]
        for r in try await f.database.read({ try await $0.select("SELECT id, name FROM residents", binds: [], types: [.int, .text]) }) {
            ids[Int(r[1].text!.dropFirst(2))!] = r[0].int!
        }
        return World(f: f, tracing: Tracing(registry: f.registry), codes: HealthCodes(registry: f.registry),
                     tracer: try await f.actor(.epidemiologist, at: "C"), ids: ids)
    }

    func visit(_ w: World, _ serial: Int, venue: Int64, at: Int64, minutes: Int64 = 60) async throws {
        try await w.f.database.write { session in
            try await session.insert(into: "venue_visits", columns: ["resident_id", "venue_id", "entered_at", "left_at"],
                                     rows: [[.int(w.ids[serial]!), .int(venue), .int(at), .int(at + minutes * 60)]])
        }
    }

    func newCase(_ w: World, _ serial: Int, onsetDaysAgo: Int = 1, found: CaseDiscovery = .screening) -> NewCase {
        NewCase(residentID: w.ids[serial]!, classification: .confirmed, severity: .mild,
                onset: CivilDate(unixTime: Self.now).adding(days: -onsetDaysAgo), sampledAt: Self.now - 6 * hour, reportedAt: Self.now - hour,
                foundBy: found, treatedAt: "市第二人民医院", isolatedAt: Self.now - 2 * hour)
    }

    func colour(_ w: World, _ serial: Int) async throws -> CodeColour {
        try await w.codes.current(residentID: w.ids[serial]!, now: Self.now).colour
    }

    @Test(arguments: Backends.all) func registrationChecksItsInputAndTurnsTheCodeRed(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            var bad = newCase(w, 1)
            bad.onset = CivilDate(unixTime: Self.now).adding(days: 1)
            await #expect(throws: TracingFailure([TracingError(.onsetAfterReport, field: "onset_date")])) {
                try await w.tracing.register(bad, actor: w.tracer, now: Self.now)
            }
            let id = try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            #expect(try await colour(w, 1) == .red)
            await #expect(throws: TracingFailure([TracingError(.alreadyACase, field: "resident_id")])) {
                try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            }
            // An epidemiologist of D1 does not see a resident of D2.
            let local = try await f.actor(.epidemiologist, at: "D1")
            await #expect(throws: StoreError.self) { try await w.tracing.register(newCase(w, 2), actor: local, now: Self.now) }
            let opened = try await w.tracing.openCase(id, actor: w.tracer, now: Self.now)
            #expect(opened.onset == CivilDate(unixTime: Self.now).adding(days: -1))
            let audits = try await f.database.read { try await $0.select("SELECT purpose FROM audit_reads WHERE resident_id = ?",
                                                                         binds: [.int(w.ids[1]!)], types: [.text]) }
            #expect(audits.map { $0[0].text } == ["case"])
            try await w.tracing.setOutcome(caseID: id, .recovered, reason: "出院", actor: w.tracer, now: Self.now + 60)
            #expect(try await w.codes.current(residentID: w.ids[1]!, now: Self.now + 120).colour == .green)
        }
    }

    @Test(arguments: Backends.all) func contactsAreProposedFromHouseholdVisitsAndInterviewThenSecondaryFromCloseContacts(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let t = Self.now - 30 * hour
            try await visit(w, 1, venue: 1, at: t)                    // the case at the office
            try await visit(w, 3, venue: 1, at: t + 90 * 60)          // 30 min after the case left: a contact, to the second
            try await visit(w, 6, venue: 1, at: t + 90 * 60 + 1)      // a second later: not
            try await visit(w, 1, venue: 3, at: t + 3 * hour)         // the market: its visitors are a risk point's, not contacts
            try await visit(w, 8, venue: 3, at: t + 3 * hour)
            try await visit(w, 2, venue: 2, at: t - 5 * hour)         // at the noodle shop when the case says he was there
            try await visit(w, 3, venue: 2, at: t + 5 * hour)         // the close contact 3 later eats noodles …
            try await visit(w, 5, venue: 2, at: t + 5 * hour + 600)   // … beside 5, a secondary contact
            let caseID = try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            await #expect(throws: TracingFailure([TracingError(.unknownVenue, field: "venue_code")])) {
                try await w.tracing.addEntry(caseID: caseID, venueCode: "NOPE", place: "", span: Presence(start: t - 5 * hour, end: t - 4 * hour),
                                             note: "", actor: w.tracer, now: Self.now)
            }
            await #expect(throws: TracingFailure([TracingError(.outsideWindow, field: "started_at")])) {
                try await w.tracing.addEntry(caseID: caseID, venueCode: "V2", place: "", span: Presence(start: t - 30 * 86_400, end: t - 30 * 86_400 + 60),
                                             note: "", actor: w.tracer, now: Self.now)
            }
            try await w.tracing.addEntry(caseID: caseID, venueCode: "V2", place: "", span: Presence(start: t - 5 * hour, end: t - 4 * hour),
                                         note: "午饭", actor: w.tracer, now: Self.now)
            let trajectory = try await w.tracing.trajectory(caseID: caseID, actor: w.tracer, now: Self.now)
            #expect(trajectory.items.map(\.source) == [.interview, .scan, .scan])

            let first = try await w.tracing.propose(caseID: caseID, actor: w.tracer, now: Self.now)
            #expect(first.close == 5)   // household 4, 7, 10; 3 at the office; 2 at the noodle shop
            #expect(first.secondary == 0)
            let again = try await w.tracing.propose(caseID: caseID, actor: w.tracer, now: Self.now)
            #expect(again.close == 0)
            #expect(try await w.tracing.linkCounts(caseID: caseID, actor: w.tracer) == [.close: [.proposed: 5]])
            #expect(try await w.tracing.links(caseID: caseID, actor: w.tracer, limit: 2).count == 2)
            var links = try await w.tracing.links(caseID: caseID, actor: w.tracer)
            #expect(Set(links.map(\.residentID)) == Set([2, 3, 4, 7, 10].map { w.ids[$0]! }))
            #expect(links.first { $0.residentID == w.ids[2]! }?.route == .interview)

            let three = links.first { $0.residentID == w.ids[3]! }!
            try await w.tracing.decide(linkID: three.id, confirm: true, reason: "", actor: w.tracer, now: Self.now)
            #expect(try await colour(w, 3) == .red)
            let secondary = try await w.tracing.propose(caseID: caseID, actor: w.tracer, now: Self.now)
            // 3's household 6, 9, 12, and 5 beside 3 at the noodle shop; 1 is the case, 2 already close.
            #expect(secondary.secondary == 4)
            links = try await w.tracing.links(caseID: caseID, actor: w.tracer)
            let five = links.first { $0.residentID == w.ids[5]! }!
            #expect(five.tier == .secondary && five.viaName == "居民3")
            try await w.tracing.decide(linkID: five.id, confirm: true, reason: "", actor: w.tracer, now: Self.now)
            #expect(try await colour(w, 5) == .yellow)

            let seven = links.first { $0.residentID == w.ids[7]! }!
            await #expect(throws: TracingFailure([TracingError(.reasonMissing, field: "reason")])) {
                try await w.tracing.decide(linkID: seven.id, confirm: false, reason: " ", actor: w.tracer, now: Self.now)
            }
            try await w.tracing.decide(linkID: seven.id, confirm: false, reason: "出差在外", actor: w.tracer, now: Self.now)
            await #expect(throws: TracingFailure([TracingError(.contactIsCase, field: "resident_id")])) {
                try await w.tracing.addContact(caseID: caseID, residentID: w.ids[1]!, tier: .close, via: nil, exposedAt: t, reason: "x",
                                               actor: w.tracer, now: Self.now)
            }
            // The same person found through a second case is one ledger entry with the strictest tier.
            let other = try await w.tracing.register(newCase(w, 11), actor: w.tracer, now: Self.now)
            try await w.tracing.addContact(caseID: other, residentID: w.ids[5]!, tier: .close, via: nil, exposedAt: t, reason: "同车",
                                           actor: w.tracer, now: Self.now)
            let ledger = try await w.tracing.ledger(actor: w.tracer, filter: .all, now: Self.now)
            let entry = ledger.first { $0.residentID == w.ids[5]! }!
            #expect(entry.tier == .close && entry.caseIDs == [caseID, other])
            #expect(ledger.filter { $0.residentID == w.ids[5]! }.count == 1)
            #expect(try await colour(w, 5) == .red)
            let journal = try await f.database.journal(limit: 100).map(\.action)
            #expect(journal.contains("contact.confirm") && journal.contains("contact.remove") && journal.contains("contact.add"))
        }
    }

    @Test(arguments: Backends.all) func secondaryContactsAreNotTracedUnderTheNovember2022Rules(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let december = CivilDate(year: 2022, month: 12, day: 1)!.startUnixTime() + 12 * 3_600
            var c = newCase(w, 1)
            c.onset = CivilDate(unixTime: december)
            c.sampledAt = december - 6 * hour
            c.reportedAt = december - hour
            c.isolatedAt = december - 2 * hour
            let caseID = try await w.tracing.register(c, actor: w.tracer, now: december)
            let report = try await w.tracing.propose(caseID: caseID, actor: w.tracer, now: december)
            #expect(report.close == 3)
            #expect(try await w.tracing.confirmAll(caseID: caseID, tier: .close, actor: w.tracer, now: december) == 3)
            #expect(try await w.tracing.ledger(actor: w.tracer, now: december).count == 3)
            #expect(try await w.tracing.confirmAll(caseID: caseID, tier: .close, actor: w.tracer, now: december) == 0)
            #expect(try await w.tracing.propose(caseID: caseID, actor: w.tracer, now: december).secondary == 0)
            await #expect(throws: TracingFailure([TracingError(.tierNotInPolicy, field: "tier")])) {
                try await w.tracing.addContact(caseID: caseID, residentID: w.ids[3]!, tier: .secondary, via: w.ids[4]!, exposedAt: december - hour,
                                               reason: "x", actor: w.tracer, now: december)
            }
        }
    }

    @Test(arguments: Backends.all) func theLedgerRunsInOrderWithAClockAndIsScopedToWhereTheContactLives(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let caseID = try await w.tracing.register(newCase(w, 2), actor: w.tracer, now: Self.now)   // lives in H3, D2
            try await w.tracing.addContact(caseID: caseID, residentID: w.ids[4]!, tier: .close, via: nil, exposedAt: Self.now - 3 * hour,
                                           reason: "同事", actor: w.tracer, now: Self.now)
            let grid = try await f.actor(.gridWorker, at: "M1")
            let elsewhere = try await f.actor(.gridWorker, at: "M2")
            #expect(try await w.tracing.ledger(actor: elsewhere, now: Self.now).isEmpty)
            let entry = try #require(try await w.tracing.ledger(actor: grid, now: Self.now).first)
            #expect(entry.next == .notified && entry.dueAt == Self.now + 2 * hour && !entry.overdue)
            await #expect(throws: TracingError(.stageOutOfOrder, field: "stage")) {
                try await w.tracing.record(contactID: entry.contactID, stage: .traced, actor: grid, now: Self.now)
            }
            await #expect(throws: StoreError.self) {
                try await w.tracing.record(contactID: entry.contactID, stage: .notified, actor: elsewhere, now: Self.now)
            }
            let late = Self.now + 2 * hour + 1
            #expect(try await w.tracing.ledger(actor: grid, filter: .overdue, now: late).map(\.contactID) == [entry.contactID])
            #expect(try await w.tracing.overdueByCommunity(actor: w.tracer, now: late).map(\.overdue) == [1])
            for (n, stage) in LedgerStage.allCases.enumerated() {
                try await w.tracing.record(contactID: entry.contactID, stage: stage, at: late + Int64(n), actor: grid, now: late + 10)
            }
            #expect(try await w.tracing.ledger(actor: grid, now: late + 10).isEmpty)
            let done = try #require(try await w.tracing.ledger(actor: grid, filter: .all, now: late + 10).first)
            #expect(done.clock.overdue(at: late + 10, policy: PolicyPreset.ninthEdition.tracing) == [.notified])
        }
    }

    @Test(arguments: Backends.all) func aRiskPointMeasuresItsVisitorsAndIsPublishedWithoutNames(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let t = Self.now - 30 * hour
            try await visit(w, 1, venue: 3, at: t)
            try await visit(w, 6, venue: 3, at: t + 100 * 60)   // after the case left, inside the risk point's hour of margin
            try await visit(w, 9, venue: 3, at: t + 3 * hour)   // after the window
            let caseID = try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            await #expect(throws: TracingFailure([TracingError(.notAVenueEntry, field: "venue_id")])) {
                try await w.tracing.markRiskPoint(caseID: caseID, venueID: 2, span: Presence(start: t, end: t + hour), actor: w.tracer, now: Self.now)
            }
            let point = try await w.tracing.markRiskPoint(caseID: caseID, venueID: 3, span: Presence(start: t, end: t + hour), actor: w.tracer, now: Self.now)
            #expect(try await colour(w, 6) == .yellow)
            #expect(try await colour(w, 9) == .green)
            let published = try await w.tracing.publicRiskPoints(now: Self.now)
            #expect(published.map(\.venueName) == ["东岗菜市场"] && published[0].visitors == 1)
            let visitors = try await w.tracing.visitors(riskPointID: point, actor: w.tracer)
            #expect(visitors.map(\.residentID) == [w.ids[6]!] && visitors[0].testedAt == nil)
            // The grid workers where the visitor lives have them on their list; others do not.
            #expect(try await w.tracing.visitorsToTest(actor: try await f.actor(.gridWorker, at: "M1")).map(\.visitor.residentID) == [w.ids[6]!])
            #expect(try await w.tracing.visitorsToTest(actor: try await f.actor(.gridWorker, at: "M2")).isEmpty)
            try await w.tracing.liftRiskPoint(point, reason: "误判", actor: w.tracer, now: Self.now + 60)
            #expect(try await w.tracing.publicRiskPoints(now: Self.now + 60).isEmpty)
            #expect(try await w.codes.current(residentID: w.ids[6]!, now: Self.now + 120).colour == .green)
        }
    }

    @Test(arguments: Backends.all) func anImportIsAllOrNothingWithEveryProblemOnItsLine(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let caseID = try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            let bad = """
                case_id,id_number,tier,exposed_at,via_id_number,note
                \(caseID),\(validID(serial: 3)),close,2022-08-09 10:00,,同事
                \(caseID),\(validID(serial: 1)),close,2022-08-09 10:00,,
                999,\(validID(serial: 4)),close,2022-08-09 10:00,,
                \(caseID),\(validID(serial: 3)),close,2022-08-09 11:00,,
                \(caseID),620102198001010999,close,2022-08-09 10:00,,
                \(caseID),\(validID(serial: 6)),close,2022-08-09 25:00,,

                """
            do {
                _ = try await w.tracing.importContacts(csv: Array(bad.utf8), actor: w.tracer, now: Self.now)
                Issue.record("the import should be refused")
            } catch let failure as ImportFailure {
                #expect(failure.issues.map { "\($0.line!) \($0.field ?? "") \($0.fieldCode?.rawValue ?? $0.code.rawValue)" } == [
                    "3 id_number is_the_case", "4 case_id unknown_case", "5 id_number duplicate_in_file", "6 id_number check_digit",
                    "7 exposed_at format",
                ])
            }
            #expect(try await w.tracing.links(caseID: caseID, actor: w.tracer).isEmpty)
            let good = """
                case_id,id_number,tier,exposed_at,via_id_number
                \(caseID),\(validID(serial: 3)),close,2022-08-09 10:00,
                \(caseID),\(validID(serial: 5)),secondary,2022-08-09 18:00,\(validID(serial: 3))

                """
            let report = try await w.tracing.importContacts(csv: Array(good.utf8), actor: w.tracer, now: Self.now)
            #expect(report == ContactImportReport(added: 2, alreadyKnown: 0))
            #expect(try await w.tracing.importContacts(csv: Array(good.utf8), actor: w.tracer, now: Self.now) == ContactImportReport(added: 0, alreadyKnown: 2))
            #expect(try await w.tracing.ledger(actor: w.tracer, now: Self.now).count == 2)
        }
    }

    @Test(arguments: Backends.all) func aContactWhoFallsIllContinuesTheChainAndLeavesTheLedger(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let first = try await w.tracing.register(newCase(w, 1), actor: w.tracer, now: Self.now)
            _ = try await w.tracing.addContact(caseID: first, residentID: w.ids[4]!, tier: .close, via: nil, exposedAt: Self.now - 3 * hour,
                                               reason: "家人", actor: w.tracer, now: Self.now)
            let second = try await w.tracing.register(newCase(w, 4, found: .contactManagement), actor: w.tracer, now: Self.now + 60)
            let third = try await w.tracing.register(newCase(w, 11), actor: w.tracer, now: Self.now + 60)
            try await w.tracing.linkCases(from: second, to: third, actor: w.tracer, now: Self.now + 120)
            #expect(try await w.tracing.ledger(actor: w.tracer, filter: .all, now: Self.now + 120).isEmpty)
            let (clusters, _) = try await w.tracing.clusters(actor: w.tracer, now: Self.now + 120)
            #expect(clusters.map(\.caseIDs) == [[first, second, third]])
            #expect(Set(clusters[0].links.map(\.kind)) == [.contactOf, .sameCluster])
        }
    }
}

/// A positive single tube raises a case candidate; registering the case from it links the tube and closes the
/// candidate's order, on both databases.
@Suite struct CaseCandidateTests {
    @Test(arguments: Backends.all) func aCaseConfirmedFromACandidateCarriesItsTube(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let codes = HealthCodeStoreTests()
            let w = try await codes.world(f)
            try await codes.sampleAndResult(w, barcode: "P0000001", serials: [1], capacity: 1, result: "positive")
            let tracer = try await f.actor(.epidemiologist, at: "C")
            let candidate = try #require(try await w.screening.caseCandidates(actor: tracer).first)
            let tracing = Tracing(registry: f.registry)
            let now = UnixTime.now() + 120
            await #expect(throws: TracingFailure([TracingError(.unknownPerson, field: "tube")])) {
                try await tracing.register(NewCase(residentID: candidate.residentID, classification: .confirmed, severity: .mild, onset: nil,
                                                   sampledAt: candidate.sampledAt, reportedAt: now, foundBy: .screening, treatedAt: "", isolatedAt: nil),
                                           tubeBarcode: "NOSUCH01", actor: tracer, now: now)
            }
            let id = try await tracing.register(NewCase(residentID: candidate.residentID, classification: .confirmed, severity: .mild, onset: nil,
                                                        sampledAt: candidate.sampledAt, reportedAt: now, foundBy: .screening, treatedAt: "",
                                                        isolatedAt: nil), tubeBarcode: candidate.barcode, actor: tracer, now: now)
            #expect(try await tracing.openCase(id, actor: tracer, now: now).tubeBarcode == "P0000001")
            #expect(try await w.screening.caseCandidates(actor: tracer).isEmpty)
        }
    }
}
