import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// The command centre's dashboard at city scale: N residents with an active outbreak (about 1,000 cases over two
/// weeks, 50,000 contacts at every ledger stage), a screening round over the city, every code stored, risk areas and
/// people in quarantine. It times the whole city's dashboard, one district's and the city's bulletin for the day, five
/// times each (the median is reported). The ceiling, timed in the same run: the raw reads the figures rest on (the window's cases, the open
/// contacts, the codes by colour), with no logic.
struct BenchDashboard {
    let runtime: Runtime
    let residents: Int
    let cases = 1_000
    let contacts = 50_000

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: UnixTime.now())
        let now = today.startUnixTime() + 18 * 3_600
        _ = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 17, days: 0, today: today),
                                                                         actor: runtime.bootstrapActor())
        let op = try await runtime.operatorActor()
        let city = op.jurisdiction
        let screening = Screening(registry: runtime.registry)
        _ = try await RoundSimulator(screening: screening).run(name: "全员核酸（bench）", under: city, now: now - 20 * 3_600)
        try await outbreak(now: now)
        try await HealthCodes(registry: runtime.registry).refresh(area: city, actor: op, now: now)
        let buildings = try await runtime.database.read { session in
            try await session.select("SELECT code FROM areas WHERE level = 'building' ORDER BY id LIMIT 20", binds: [], types: [.text]).compactMap { $0[0].text }
        }
        try await RiskAreas(registry: runtime.registry).designate(areaCodes: buildings, level: .high, reason: "bench", actor: op, now: now)
        let quarantine = Quarantine(registry: runtime.registry)
        let districts = try await runtime.database.children(of: city, actor: op).map(\.area)
        for (n, district) in districts.prefix(5).enumerated() {
            try await quarantine.createSite(NewQuarantineSite(code: "BENCHQD\(100 + n)", name: "隔离点\(n + 1)", areaCode: district.code, address: "",
                                                              floors: 10, roomsPerFloor: 100), actor: op, now: now)
        }
        _ = try await quarantine.allocate(actor: op, now: now)
        // The setup is a bulk load: SQLite's log is emptied into the file, PostgreSQL's statistics gathered.
        try await runtime.database.checkpoint()

        let dashboard = Dashboard(registry: runtime.registry)
        let district = districts.max { $0.code < $1.code }!
        var cityTimes: [Double] = [], districtTimes: [Double] = [], ceilingTimes: [Double] = [], bulletinTimes: [Double] = []
        var figures: DashboardFigures?
        for _ in 0..<5 {
            let (f, s) = try await measure { try await dashboard.figures(area: city, actor: op, now: now) }
            figures = f
            cityTimes.append(s)
            districtTimes.append(try await measure { try await dashboard.figures(area: district, actor: op, now: now) }.1)
            ceilingTimes.append(try await rawReads(now: now))
            bulletinTimes.append(try await measure { try await dashboard.bulletin(date: today, area: city, actor: op) }.1)
        }
        func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
        let f = figures!
        return BenchResult(scenario: "dashboard", database: runtime.database.kind.rawValue, residents: residents, rows: 1, seconds: median(cityTimes),
                           ceilingRows: 1, ceilingSeconds: median(ceilingTimes), notes: [
                               ("city_s", fmt(median(cityTimes)) + " median of 5 (target < 1 s), max " + fmt(cityTimes.max()!)),
                               ("district_s", fmt(median(districtTimes)) + " median of 5 (target < 0.3 s), \(district.code), max " + fmt(districtTimes.max()!)),
                               ("bulletin_s", fmt(median(bulletinTimes)) + " median of 5 (target < 1 s), the city's bulletin for today"),
                               ("raw_reads_s", fmt(median(ceilingTimes)) + " (the ceiling: cases, open contacts, codes by colour)"),
                               ("cases_14_days", "\(f.curve.reduce(0) { $0 + $1.confirmed + $1.asymptomatic })"),
                               ("contacts_open", "\(f.ledgerOpen), \(f.ledgerOverdue) overdue"),
                               ("codes", f.colours.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")),
                               ("round", f.round.map { "\($0.sampled) of \($0.residents) sampled" } ?? "none"),
                               ("rt", f.reproduction.map { "\(fmt($0.mean)) [\(fmt($0.lower)), \(fmt($0.upper))]" } ?? "none"),
                           ])
    }

    /// About 1,000 cases over the last 14 days, growing, and 50,000 contacts at every ledger stage, written as the
    /// tracing API leaves them.
    func outbreak(now: Int64) async throws {
        try await runtime.database.write { session in
            let people = try await session.select("SELECT id FROM residents ORDER BY (id * 7919) % 1000003 LIMIT \(cases + contacts)", binds: [],
                                                  types: [.int]).compactMap { $0[0].int }
            var caseRows: [[SQLValue]] = []
            let found = ["screening", "contact_management", "fever_clinic", "screening", "contact_management"]
            for (n, person) in people.prefix(cases).enumerated() {
                // More cases on later days: day d gets about d of every 105.
                let daysAgo = Int64(13 - Int((Double(n) / Double(cases)).squareRoot() * 14))
                let at = now - daysAgo * 86_400 - Int64(n % 20) * 3_600
                let asymptomatic = n % 3 == 0
                caseRows.append([.int(person), .text(asymptomatic ? "asymptomatic" : "confirmed"), .text("mild"),
                                 .text(asymptomatic ? nil : CivilDate(unixTime: at).description), .int(at - 3_600), .int(at), .text(found[n % found.count]),
                                 .text("定点医院"), .int(at), .text("under_treatment"), .text("bench"), .int(at)])
            }
            try await session.insert(into: "cases", columns: ["resident_id", "classification", "severity", "onset_date", "sampled_at", "reported_at",
                                                              "found_by", "treated_at", "isolated_at", "outcome", "created_by", "created_at"], rows: caseRows)
            var contactRows: [[SQLValue]] = []
            for (n, person) in people.dropFirst(cases).enumerated() {
                let confirmed = now - Int64(n % 72) * 3_600
                let stages = n % 5
                let stamp = { (i: Int) -> SQLValue in i < stages ? .int(confirmed + Int64(i + 1) * 1_800) : .null }
                contactRows.append([.int(person), .text("close"), .int(confirmed - 86_400), .int(confirmed), stamp(0), stamp(1), stamp(2), stamp(3)])
            }
            try await session.insert(into: "contacts", columns: ["resident_id", "tier", "exposed_at", "confirmed_at", "notified_at", "traced_at", "tested_at",
                                                                 "controlled_at"], rows: contactRows)
        }
    }

    func rawReads(now: Int64) async throws -> Double {
        try await measure {
            try await runtime.database.read { session in
                _ = try await session.select("SELECT classification, found_by, reported_at FROM cases WHERE reported_at >= ?", binds: [.int(now - 42 * 86_400)],
                                             types: [.text, .text, .int])
                _ = try await session.select("SELECT confirmed_at, notified_at, traced_at, tested_at, controlled_at FROM contacts WHERE closed_at IS NULL",
                                             binds: [], types: [.int, .int, .int, .int, .int])
                _ = try await session.select("SELECT colour, COUNT(*) FROM health_codes GROUP BY colour", binds: [], types: [.text, .int])
            }
        }.1
    }
}
