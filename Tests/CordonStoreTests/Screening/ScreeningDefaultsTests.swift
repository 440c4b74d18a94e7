import CordonDomain
import CordonStore
import Testing

/// The policy's pooling defaults (site kinds, household tubes, single tubes for retests), the public site list,
/// and the coverage snapshot, on both databases.
@Suite struct ScreeningDefaultsTests {
    struct World {
        let f: StoreFixture
        let screening: Screening
        let commander: Actor
        let sampler: Actor
        let lab: Actor
    }

    /// Twelve residents: serials 3, 6, 9, 12 in H1; 1, 4, 7, 10 in H2 (both in G1 of D1); the rest in H3 of D2.
    func world(_ f: StoreFixture) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 12).utf8), actor: op, skipInvalid: false, reason: "seed")
        let screening = Screening(registry: f.registry)
        try await screening.createSite(code: "SITE01", name: "和平社区采样点", areaCode: "M1", desks: 2, dailyCapacity: 1200, actor: op)
        try await screening.createSite(code: "QSITE1", name: "隔离酒店采样台", areaCode: "M1", kind: .quarantineSite, desks: 1, dailyCapacity: 200,
                                       hours: .allDay, actor: op)
        try await screening.createSite(code: "FEVER1", name: "人民医院发热门诊", areaCode: "M2", kind: .feverClinic, desks: 1, dailyCapacity: 300,
                                       hours: .allDay, actor: op)
        try await screening.createLab(code: "LAB001", name: "金域检验", dailyCapacity: 100_000, actor: op)
        let labUser = try await f.actor(.labOperator, at: "C")
        try await screening.assignLab(username: labUser.name, labCode: "LAB001", actor: try await f.actor(.admin, at: "C"))
        return World(f: f, screening: screening, commander: try await f.actor(.commander, at: "C"), sampler: try await f.actor(.sampler, at: "M1"),
                     lab: try await f.database.actor(for: try await f.database.user(username: labUser.name)!))
    }

    func codes(_ error: any Error) -> [String] { (error as? ScreeningFailure)?.issues.map(\.description) ?? ["\(error)"] }

    /// Takes `tubes` through transport and receipt and uploads `results` for them.
    func result(_ w: World, _ tubes: [String], _ results: [String], batch: String) async throws {
        try await w.screening.dispatch(batch: batch, labCode: "LAB001", barcodes: tubes, actor: w.sampler)
        try await w.screening.receive(batch: batch, actor: w.lab)
        _ = try await w.screening.uploadResults(zip(tubes, results).map { ResultRow(barcode: $0, result: $1, testedAt: UnixTime.now() + 60) },
                                                actor: w.lab)
    }

    @Test(arguments: Backends.all) func quarantineSitesAndClinicsTakeSingleTubes(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let round = try await w.screening.openRound(name: "R", areas: [.init(code: "C", pool: 20)], hours: 24, actor: w.commander)
            #expect(try await w.screening.openTube(barcode: "T0000001", siteCode: "SITE01", roundID: round, capacity: nil, actor: w.sampler).capacity == 20)
            #expect(try await w.screening.openTube(barcode: "T0000002", siteCode: "QSITE1", roundID: round, capacity: nil, actor: w.sampler).capacity == 1)
            let clinic = try await w.screening.openTube(barcode: "T0000003", siteCode: "FEVER1", roundID: nil, capacity: nil, actor: w.sampler)
            #expect(clinic.capacity == 1)
            try await w.screening.addSwab(barcode: "T0000003", idNumber: validID(serial: 2), actor: w.sampler)
            // A fever-clinic tube is overdue after 6 hours, a screening tube only after 24.
            #expect(try await w.screening.overdueTubes(actor: w.commander, now: UnixTime.now() + 7 * 3_600).map(\.barcode) == ["T0000003"])
            #expect(try await w.screening.overdueTubes(actor: w.commander, now: UnixTime.now() + 7 * 3_600).first?.purpose == "fever_clinic")
            // The clinic stands in D2: D1's officer does not see its tubes, and the lab sees only what it received.
            #expect(try await w.screening.overdueTubes(actor: try await f.actor(.districtOfficer, at: "D1"), now: UnixTime.now() + 7 * 3_600).isEmpty)
            #expect(try await w.screening.overdueTubes(actor: w.lab, now: UnixTime.now() + 7 * 3_600).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func aSealedAreaPoolsOneHouseholdPerTube(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let round = try await w.screening.openRound(name: "封控区", areas: [.init(code: "M1", byHousehold: true)], hours: 24, actor: w.commander)
            let tube = try await w.screening.openTube(barcode: "H0000001", siteCode: "SITE01", roundID: round, capacity: nil, actor: w.sampler)
            #expect(tube.capacity == 20)
            try await w.screening.addSwab(barcode: "H0000001", idNumber: validID(serial: 3), actor: w.sampler)
            try await w.screening.addSwab(barcode: "H0000001", idNumber: validID(serial: 6), actor: w.sampler)
            do {
                try await w.screening.addSwab(barcode: "H0000001", idNumber: validID(serial: 1), actor: w.sampler)
                Issue.record("a second household joined a household tube")
            } catch { #expect(codes(error) == ["tube H0000001, other household"]) }
            let now = UnixTime.now()
            do {
                try await w.screening.registerSamples([
                    TubeSubmission(barcode: "H0000002", site: "SITE01", roundId: round, capacity: nil, sampledAt: now, idNumbers: [validID(serial: 9)]),
                    TubeSubmission(barcode: "H0000003", site: "SITE01", roundId: round, capacity: nil, sampledAt: now,
                                   idNumbers: [validID(serial: 4), validID(serial: 12)]),
                ], actor: w.sampler)
                Issue.record("a mixed household tube was synced")
            } catch { #expect(codes(error) == ["row 2, tube H0000003, other household"]) }
            #expect(try await w.screening.registerSamples([
                TubeSubmission(barcode: "H0000003", site: "SITE01", roundId: round, capacity: nil, sampledAt: now,
                               idNumbers: [validID(serial: 4), validID(serial: 10)]),
            ], actor: w.sampler) == (1, 2))
        }
    }

    @Test(arguments: Backends.all) func aSiteInADesignatedHighRiskAreaPoolsByHouseholdWithoutBeingTold(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            // Under the rules in force a community may be designated; its sites then take one household per tube.
            let before = try await w.screening.openTube(barcode: "P0000001", siteCode: "SITE01", roundID: nil, capacity: nil, actor: w.sampler)
            #expect(before.capacity == 10)
            try await RiskAreas(registry: f.registry).designate(areaCodes: ["M1"], level: .high, reason: "封控", actor: w.commander)
            let sealed = try await w.screening.openTube(barcode: "P0000002", siteCode: "SITE01", roundID: nil, capacity: nil, actor: w.sampler)
            #expect(sealed.capacity == 20)
            try await w.screening.addSwab(barcode: "P0000002", idNumber: validID(serial: 3), actor: w.sampler)
            do {
                try await w.screening.addSwab(barcode: "P0000002", idNumber: validID(serial: 1), actor: w.sampler)
                Issue.record("a second household joined a sealed area's tube")
            } catch { #expect(codes(error) == ["tube P0000002, other household"]) }
        }
    }

    @Test(arguments: Backends.all) func aPositivePoolsMembersAreRetestedOnlyInSingleTubes(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let round = try await w.screening.openRound(name: "R", areas: [.init(code: "C")], hours: 24, actor: w.commander)
            try await w.screening.registerSamples([TubeSubmission(barcode: "P0000001", site: "SITE01", roundId: round, capacity: nil,
                                                                  sampledAt: UnixTime.now(), idNumbers: [3, 6, 9].map { validID(serial: $0) })],
                                                  actor: w.sampler)
            try await result(w, ["P0000001"], ["positive"], batch: "B0000001")
            try await w.screening.openTube(barcode: "P0000002", siteCode: "SITE01", roundID: round, capacity: nil, actor: w.sampler)
            do {
                try await w.screening.addSwab(barcode: "P0000002", idNumber: validID(serial: 3), actor: w.sampler)
                Issue.record("a person awaiting a retest went into a pool")
            } catch { #expect(codes(error) == ["tube P0000002, needs single tube"]) }
            do {
                try await w.screening.registerSamples([TubeSubmission(barcode: "P0000003", site: "SITE01", roundId: round, capacity: 10,
                                                                      sampledAt: UnixTime.now(), idNumbers: [validID(serial: 6)])], actor: w.sampler)
                Issue.record("a synced pool took a person awaiting a retest")
            } catch { #expect(codes(error) == ["row 1, tube P0000003, needs single tube"]) }
            // Single tubes: 居民3 comes back positive (a case candidate), 居民6 negative (released).
            try await w.screening.registerSamples([
                TubeSubmission(barcode: "P0000004", site: "SITE01", roundId: nil, capacity: 1, sampledAt: UnixTime.now(), idNumbers: [validID(serial: 3)]),
                TubeSubmission(barcode: "P0000005", site: "SITE01", roundId: nil, capacity: 1, sampledAt: UnixTime.now(), idNumbers: [validID(serial: 6)]),
            ], actor: w.sampler)
            try await result(w, ["P0000004", "P0000005"], ["positive", "negative"], batch: "B0000002")
            let epi = try await f.actor(.epidemiologist, at: "D1")
            let candidates = try await w.screening.caseCandidates(actor: epi)
            #expect(candidates.map(\.name) == ["居民3"])
            #expect(candidates.first?.barcode == "P0000004")
            let open = try await w.screening.openOrders(actor: try await f.actor(.gridWorker, at: "G1"))
            #expect(Set(open.filter { $0.action == "temporary_control" }.map(\.name)) == ["居民3", "居民9"])
            // Outside the epidemiologist's district nobody is a candidate.
            #expect(try await w.screening.caseCandidates(actor: try await f.actor(.epidemiologist, at: "D2")).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func aRoundPoolsAWorkGroupApart(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let grid = try await f.actor(.gridWorker, at: "G1")
            let nurse = try await f.registry.search("居民3", actor: grid, today: CivilDate(unixTime: UnixTime.now())).first!.id
            try await w.screening.setWorkGroup(residentID: nurse, group: .medical, actor: grid)
            await #expect(throws: ScreeningFailure.self) {
                try await w.screening.openRound(name: "R", areas: [.init(code: "C")], groups: [.medical: 3], hours: 24, actor: w.commander)
            }
            let round = try await w.screening.openRound(name: "R", areas: [.init(code: "C")], groups: [.medical: 1], hours: 24, actor: w.commander)
            try await w.screening.openTube(barcode: "G0000001", siteCode: "SITE01", roundID: round, capacity: nil, actor: w.sampler)
            try await w.screening.addSwab(barcode: "G0000001", idNumber: validID(serial: 6), actor: w.sampler)
            do {
                try await w.screening.addSwab(barcode: "G0000001", idNumber: validID(serial: 3), actor: w.sampler)
                Issue.record("a nurse went into a 10:1 tube of a round that pools medical staff singly")
            } catch { #expect(codes(error) == ["tube G0000001, group pool"]) }
            let now = UnixTime.now()
            do {
                try await w.screening.registerSamples([TubeSubmission(barcode: "G0000002", site: "SITE01", roundId: round, capacity: nil, sampledAt: now,
                                                                      idNumbers: [validID(serial: 9), validID(serial: 3)])], actor: w.sampler)
                Issue.record("a synced 10:1 tube took the nurse")
            } catch { #expect(codes(error) == ["row 1, tube G0000002, group pool"]) }
            // In a single tube, or outside the round, the nurse is sampled like anyone.
            #expect(try await w.screening.registerSamples([
                TubeSubmission(barcode: "G0000003", site: "SITE01", roundId: round, capacity: 1, sampledAt: now, idNumbers: [validID(serial: 3)]),
                TubeSubmission(barcode: "G0000004", site: "SITE01", roundId: nil, capacity: nil, sampledAt: now, idNumbers: [validID(serial: 3), validID(serial: 9)]),
            ], actor: w.sampler) == (2, 3))
        }
    }

    @Test(arguments: Backends.all) func aNegativePoolClosesAResampleOrder(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let round = try await w.screening.openRound(name: "R", areas: [.init(code: "C")], hours: 24, actor: w.commander)
            let sample = { (code: String) in TubeSubmission(barcode: code, site: "SITE01", roundId: round, capacity: nil, sampledAt: UnixTime.now(),
                                                            idNumbers: [3, 6].map { validID(serial: $0) }) }
            try await w.screening.registerSamples([sample("V0000001")], actor: w.sampler)
            try await result(w, ["V0000001"], ["invalid"], batch: "B0000001")
            let grid = try await f.actor(.gridWorker, at: "G1")
            #expect(try await w.screening.openOrders(actor: grid).map(\.action) == ["resample", "resample"])
            try await w.screening.registerSamples([sample("V0000002")], actor: w.sampler)
            try await result(w, ["V0000002"], ["negative"], batch: "B0000002")
            #expect(try await w.screening.openOrders(actor: grid).isEmpty)
        }
    }

    @Test(arguments: Backends.all) func factsForTheHealthCodeAndTheRoutineList(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let grid = try await f.actor(.gridWorker, at: "G1")
            let g1 = try await f.database.area(code: "G1")!
            let nurse = try await f.registry.search("居民3", actor: grid, today: CivilDate(unixTime: UnixTime.now())).first!.id
            let courier = try await f.registry.search("居民6", actor: grid, today: CivilDate(unixTime: UnixTime.now())).first!.id
            try await w.screening.setWorkGroup(residentID: nurse, group: .medical, actor: grid)
            try await w.screening.setWorkGroup(residentID: courier, group: .publicFacing, actor: grid)
            await #expect(throws: StoreError.self) {
                try await w.screening.setWorkGroup(residentID: nurse, group: .medical, actor: try await f.actor(.gridWorker, at: "M2"))
            }
            let now = UnixTime.now()
            // Nobody sampled yet: both are overdue under the policy in force (2026: the November 2022 revision has no
            // routine testing for public-facing work, so only the nurse).
            let policy = PolicyPreset.inForce(on: CivilDate(unixTime: now)).screening
            let expected = policy.routine.intervalHoursByGroup[.publicFacing] == nil ? [nurse] : [nurse, courier]
            #expect(try await w.screening.routineDue(area: g1, actor: grid, now: now).map(\.residentID).sorted() == expected.sorted())

            let sampledAt = now - 3_600
            try await w.screening.registerSamples([TubeSubmission(barcode: "N0000001", site: "SITE01", roundId: nil, capacity: nil, sampledAt: sampledAt,
                                                                  idNumbers: [validID(serial: 3)])], actor: w.sampler)
            #expect(try await w.screening.routineDue(area: g1, actor: grid, now: now).map(\.residentID) == expected.filter { $0 != nurse })
            let due = try await w.screening.routineDue(area: g1, actor: grid, now: sampledAt + 13 * 3_600).first { $0.residentID == nurse }
            #expect(due?.state.status == .due)

            let record = try await f.registry.resident(id: nurse, actor: grid, purpose: "test", today: CivilDate(unixTime: now))
            var facts = try await w.screening.testingFacts(for: record, now: now)
            #expect(facts.lastSampledAt == sampledAt)
            #expect(facts.lastResult == nil)
            #expect(!facts.hasValidNegative(at: now))
            #expect(facts.routine.status == .current)
            try await result(w, ["N0000001"], ["negative"], batch: "B0000001")
            facts = try await w.screening.testingFacts(for: record, now: now)
            #expect(facts.lastResult == .negative)
            #expect(facts.negativeValidUntil == sampledAt + Int64(policy.validityHours) * 3_600)
            #expect(facts.hasValidNegative(at: now))
            #expect(!facts.hasValidNegative(at: sampledAt + Int64(policy.validityHours) * 3_600))
            // Designating their building high-risk makes even the courier test daily, and puts them on the grid's list.
            try await RiskAreas(registry: f.registry).designate(areaCodes: ["B1"], level: .high, reason: "病例居住",
                                                                actor: try await f.actor(.districtOfficer, at: "D1"), now: now)
            let courierRecord = try await f.registry.resident(id: courier, actor: grid, purpose: "test", today: CivilDate(unixTime: now))
            let risky = try await w.screening.testingFacts(for: courierRecord, now: now)
            #expect(risky.routine.requirement == .areaRisk(.high))
            #expect(risky.routine.status == .overdue)
            #expect(try await w.screening.routineDue(area: g1, actor: grid, now: now).contains { $0.residentID == courier && $0.state.status == .overdue })
        }
    }

    @Test(arguments: Backends.all) func newcomersDoNotPushCoveragePastTheSnapshot(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let round = try await w.screening.openRound(name: "R", areas: [.init(code: "C")], hours: 24, actor: w.commander, now: UnixTime.now() - 60)
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 3, start: 13).utf8), actor: try await f.operatorActor(),
                                                     skipInvalid: false, reason: "moved in")
            try await w.screening.registerSamples([TubeSubmission(barcode: "C0000001", site: "SITE01", roundId: round, capacity: nil,
                                                                  sampledAt: UnixTime.now(), idNumbers: [3, 15].map { validID(serial: $0) })],
                                                  actor: w.sampler)
            try await w.screening.openTube(barcode: "C0000002", siteCode: "SITE01", roundID: round, capacity: nil, actor: w.sampler)
            try await w.screening.addSwab(barcode: "C0000002", idNumber: validID(serial: 13), actor: w.sampler)
            let city = try await f.database.area(code: "C")!
            let coverage = try await w.screening.coverage(round: round, area: city, actor: w.commander)
            #expect(coverage.map(\.residents).reduce(0, +) == 12)
            #expect(coverage.map(\.sampled).reduce(0, +) == 1)
            // The newcomer not yet sampled is still on the list of people to reach.
            #expect(try await w.screening.gaps(round: round, area: city, actor: w.commander).contains { $0.name == "居民14" })
        }
    }

    @Test(arguments: Backends.all) func aBatchTakesOnlyClosedTubesAllOrNothing(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let now = UnixTime.now()
            try await w.screening.registerSamples(["D0000001", "D0000002"].enumerated().map { n, code in
                TubeSubmission(barcode: code, site: "SITE01", roundId: nil, capacity: nil, sampledAt: now, idNumbers: [validID(serial: n + 1)])
            }, actor: w.sampler)
            try await w.screening.openTube(barcode: "D0000003", siteCode: "SITE01", roundID: nil, capacity: nil, actor: w.sampler)
            try await w.screening.dispatch(batch: "B0000001", labCode: "LAB001", barcodes: ["D0000002"], actor: w.sampler)
            do {
                try await w.screening.dispatch(batch: "B0000002", labCode: "LAB001", barcodes: ["D0000001", "D0000002", "D0000003", "D0000009"],
                                               actor: w.sampler)
                Issue.record("a batch with tubes that are not closed was dispatched")
            } catch {
                #expect(codes(error) == ["row 2, tube D0000002, tube not closed", "row 3, tube D0000003, tube not closed", "row 4, tube D0000009, unknown tube"])
            }
            // Nothing moved: the closed tube is still waiting, and the refused batch does not exist.
            #expect(try await w.screening.tube(barcode: "D0000001").status == .closed)
            try await w.screening.dispatch(batch: "B0000002", labCode: "LAB001", barcodes: ["D0000001", "D0000001"], actor: w.sampler)
            #expect(try await w.screening.receive(batch: "B0000002", actor: w.lab) == 1)
            _ = try await w.screening.uploadResults([ResultRow(barcode: "D0000001", result: "negative", testedAt: now + 60)], actor: w.lab)
            // The tube carries its own clocks, sampling to receipt to release.
            let tube = try await w.screening.tube(barcode: "D0000001")
            #expect(tube.closedAt == now)
            #expect(tube.receivedAt != nil && tube.releasedAt != nil && tube.releasedAt! >= tube.receivedAt!)
            #expect(tube.result == .negative)
        }
    }

    @Test(arguments: Backends.all) func thePublicSeesCommunitySitesAndClinicsWithHours(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let sites = try await w.screening.publicSites(areaCode: "C")
            #expect(Set(sites.map(\.code)) == ["SITE01", "FEVER1"])
            let clinic = sites.first { $0.code == "FEVER1" }!
            #expect(clinic.openNow)
            #expect(clinic.hours == "00:00–24:00")
            #expect(clinic.kind == .feverClinic)
            #expect(sites.first { $0.code == "SITE01" }?.hours == "07:00–22:00")
            #expect(try await w.screening.publicSites(areaCode: "D2").map(\.code) == ["FEVER1"])
        }
    }
}
