import CordonDomain
@testable import CordonStore
import Testing

/// Every figure of the dashboard against data built for it, for the city and for a district, on both databases. The
/// clock is August 2022 (the 9th edition draws risk areas at compounds).
@Suite struct DashboardStoreTests {
    static let now = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 15 * 3_600
    let day: Int64 = 86_400
    let hour: Int64 = 3_600

    @Test(arguments: Backends.all) func everyFigureIsTheNumberTheDataGives(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.now
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 12).utf8), actor: op, skipInvalid: false, reason: "seed")
            var found: [Int: Int64] = [:]
            for r in try await f.database.read({ try await $0.select("SELECT id, name FROM residents", binds: [], types: [.int, .text]) }) {
                found[Int(r[1].text!.dropFirst(2))!] = r[0].int!
            }
            let ids = found
            let tracing = Tracing(registry: f.registry)
            func register(_ serial: Int, _ classification: CaseClassification, _ found: CaseDiscovery, daysAgo: Int64) async throws -> Int64 {
                let at = now - daysAgo * day - hour
                return try await tracing.register(NewCase(residentID: ids[serial]!, classification: classification, severity: .mild,
                                                          onset: classification == .asymptomatic ? nil : CivilDate(unixTime: at),
                                                          sampledAt: at - hour, reportedAt: at, foundBy: found, treatedAt: "市第二人民医院", isolatedAt: at),
                                                  actor: op, now: at)
            }
            // D1 (H1, H2): 居民1 confirmed today by screening, 居民3 asymptomatic yesterday among contacts; D2 (H3): 居民2
            // confirmed three days ago at a fever clinic, 居民5 twenty days ago (before the curve, inside Rt's history).
            let first = try await register(1, .confirmed, .screening, daysAgo: 0)
            _ = try await register(3, .asymptomatic, .contactManagement, daysAgo: 1)
            _ = try await register(2, .confirmed, .feverClinic, daysAgo: 3)
            _ = try await register(5, .confirmed, .screening, daysAgo: 20)
            // Contacts of the first case, confirmed three hours ago: 居民4 notified, 居民6 and 居民8 not yet (overdue at 2 h).
            for serial in [4, 6, 8] {
                try await tracing.addContact(caseID: first, residentID: ids[serial]!, tier: .close, via: nil, exposedAt: now - day, reason: "同事",
                                             actor: op, now: now - 3 * hour)
            }
            let contact4 = try await f.database.read { try await $0.select("SELECT id FROM contacts WHERE resident_id = ?", binds: [.int(ids[4]!)], types: [.int]) }
            try await tracing.record(contactID: contact4[0][0].int!, stage: .notified, at: now - 2 * hour, actor: op, now: now)
            // 居民4 placed in one of two rooms; P1 (all of D1's residents) high-risk.
            let quarantine = Quarantine(registry: f.registry)
            try await quarantine.createSite(NewQuarantineSite(code: "QS000001", name: "和平宾馆", areaCode: "M1", address: "", floors: 1, roomsPerFloor: 2),
                                            actor: op, now: now - hour)
            try await quarantine.assign(residentID: ids[4]!, actor: op, now: now - hour)
            try await RiskAreas(registry: f.registry).designate(areaCodes: ["P1"], level: .high, reason: "病例居住", actor: op, now: now - hour)
            // A round over D1 in which two people have been sampled.
            let screening = Screening(registry: f.registry)
            try await screening.createSite(code: "SITE01", name: "和平社区采样点", areaCode: "M1", desks: 1, dailyCapacity: 500, actor: op)
            let commander = try await f.actor(.commander, at: "C")
            let round = try await screening.openRound(name: "第一轮", areas: [.init(code: "D1")], hours: 24, actor: commander, now: now - 4 * hour)
            try await screening.registerSamples([TubeSubmission(barcode: "T0000001", site: "SITE01", roundId: round, capacity: 10, sampledAt: now - 2 * hour,
                                                                idNumbers: [validID(serial: 7), validID(serial: 9)])],
                                                actor: try await f.actor(.sampler, at: "M1"))
            try await HealthCodes(registry: f.registry).refresh(area: try await f.database.cityArea()!, actor: op, now: now)

            let dashboard = Dashboard(registry: f.registry)
            let city = try await dashboard.figures(area: try await f.database.cityArea()!, actor: commander, now: now)
            #expect(city.curve.count == 14 && city.curve.last?.date == CivilDate(unixTime: now))
            #expect(city.curve.suffix(4).map(\.confirmed) == [1, 0, 0, 1] && city.curve.suffix(4).map(\.asymptomatic) == [0, 0, 1, 0])
            #expect(city.curve.reduce(0) { $0 + $1.confirmed + $1.asymptomatic } == 3)
            #expect(city.children.map(\.area.code) == ["D1", "D2"])
            #expect(city.children.map(\.confirmed) == [1, 1] && city.children.map(\.asymptomatic) == [1, 0] && city.children.map(\.today) == [1, 0])
            #expect(city.foundBy == [.screening: 1, .contactManagement: 1, .feverClinic: 1])
            #expect(city.underControlShare == 1.0 / 3.0)
            // 居民3's contact row closed when they became a case; three open contacts remain.
            #expect(city.ledger == [nil: 2, .notified: 1] && city.ledgerOverdue == 2 && city.ledgerOpen == 3)
            #expect(city.round?.id == round && city.round?.residents == 8 && city.round?.sampled == 2)
            #expect(city.capacity.rooms == 2 && city.occupied == 1 && city.capacity.waiting == 2 && city.capacity.days.first?.free == -1)
            #expect(city.riskAreas == [.high: 1])
            // Red: the four cases, the contacts, and everyone in P1; green: 居民11 alone.
            #expect(city.colours == [.red: 11, .green: 1])
            var incidence = Array(repeating: 0, count: 42)
            for daysAgo in [0, 1, 3, 20] { incidence[41 - daysAgo] += 1 }
            let policy = PolicyPreset.ninthEdition.tracing
            let expected = ReproductionNumber.estimate(incidence: incidence,
                                                       serialInterval: ReproductionNumber.serialInterval(mean: policy.serialIntervalMeanDays, sd: policy.serialIntervalSDDays))
            #expect(city.reproduction == expected.last && city.reproduction?.cases == 3)

            // The bulletin of the day and of the day before, as of 24:00.
            let todays = try await dashboard.bulletin(date: CivilDate(unixTime: now), area: try await f.database.cityArea()!, actor: commander)
            #expect(todays.newConfirmed == 1 && todays.newAsymptomatic == 0 && todays.parts.map(\.name) == ["城关区"])
            #expect(todays.foundByScreening == 1 && todays.foundUnderControl == 0 && todays.foundOtherwise == 0)
            #expect(todays.totalConfirmed == 3 && todays.totalAsymptomatic == 1 && todays.underTreatment == 4)
            #expect(todays.contactsTraced == 3 && todays.underMeasure == 1 && todays.sampled == 2 && todays.positiveTubes == 0)
            #expect(todays.designated == [BulletinFigures.Change(name: "和平小区", level: .high)] && todays.ended.isEmpty && todays.standing == [.high: 1])
            let yesterday = try await dashboard.bulletin(date: CivilDate(unixTime: now).adding(days: -1), area: try await f.database.cityArea()!, actor: commander)
            #expect(yesterday.newConfirmed == 0 && yesterday.newAsymptomatic == 1 && yesterday.foundUnderControl == 1)
            #expect(yesterday.totalConfirmed == 2 && yesterday.totalAsymptomatic == 1 && yesterday.underTreatment == 3)
            #expect(yesterday.contactsTraced == 0 && yesterday.underMeasure == 0 && yesterday.sampled == 0 && yesterday.designated.isEmpty && yesterday.standing.isEmpty)

            // A district officer of D2 sees D2 alone: its case, its contact, no round there, no risk area.
            let officer = try await f.actor(.districtOfficer, at: "D2")
            let d2 = try await dashboard.figures(area: try await f.database.area(code: "D2")!, actor: officer, now: now)
            #expect(d2.curve.reduce(0) { $0 + $1.confirmed } == 1 && d2.children.map(\.area.code) == ["S2"] && d2.children.first?.confirmed == 1)
            #expect(d2.ledgerOpen == 1 && d2.ledgerOverdue == 1 && d2.round?.residents == 0 && d2.riskAreas.isEmpty)
            #expect(d2.foundBy == [.feverClinic: 1] && d2.underControlShare == 0)
            await #expect(throws: StoreError.self) { try await dashboard.figures(area: try await f.database.area(code: "D1")!, actor: officer, now: now) }
            await #expect(throws: StoreError.self) {
                try await dashboard.figures(area: try await f.database.cityArea()!, actor: try await f.actor(.gridWorker, at: "G1"), now: now)
            }
        }
    }
}
