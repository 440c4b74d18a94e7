import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// Risk areas and quarantine at city scale: a city of N residents with 14 days of visits. It designates the
/// communities of one street (about 20,000 residents) high-risk in one act, which reassesses their codes and records
/// and reassesses everyone who visited a place there in the 14 days; then it places 10,000 ledger contacts into
/// 10,000 rooms across the city's districts. The ceilings, timed in the same run: raw committed inserts of as many
/// rows as each wrote, into bare copies of the tables.
struct BenchAreas {
    let runtime: Runtime
    let residents: Int
    let contacts = 10_000

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: UnixTime.now())
        let now = today.startUnixTime() + 20 * 3_600
        let summary = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 11, today: today),
                                                                                   actor: runtime.bootstrapActor())
        let op = try await runtime.operatorActor()

        // The street whose communities come nearest 20,000 residents together.
        let communities = try await runtime.database.read { session in
            try await session.select("""
                SELECT a.street_id, a.code, (SELECT COUNT(*) FROM residents r WHERE r.community_id = a.id) FROM areas a WHERE a.level = 'community'
                ORDER BY a.street_id, a.code
                """, binds: [], types: [.int, .text, .int])
        }
        // Of each street, its first communities up to 20,000 residents; the street that comes nearest.
        let streets = Dictionary(grouping: communities) { $0[0].int ?? 0 }.values.map { list -> [[SQLValue]] in
            var taken: [[SQLValue]] = [], sum: Int64 = 0
            for c in list where sum < 20_000 { taken.append(c); sum += c[2].int ?? 0 }
            return taken
        }
        func size(_ list: [[SQLValue]]) -> Int { Int(list.reduce(0) { $0 + ($1[2].int ?? 0) }) }
        let chosen = streets.min { abs(size($0) - 20_000) < abs(size($1) - 20_000) } ?? []
        let codes = chosen.compactMap { $0[1].text }
        let population = chosen.reduce(0) { $0 + Int($1[2].int ?? 0) }
        let before = try await counts()
        let areas = RiskAreas(registry: runtime.registry)
        let (designation, finishedSeconds) = try await measure {
            try await areas.designateReporting(areaCodes: codes, level: .high, reason: "bench", actor: op, now: now)
        }
        let c = designation.committed.components
        let designateSeconds = Double(c.seconds) + Double(c.attoseconds) / 1e18
        let after = try await self.counts()
        let visitors = after.visits - before.visits, recoloured = after.changes - before.changes
        // Each resident's and visitor's code is rewritten, each visitor recorded, each change of colour kept.
        let designateRows = population + 2 * visitors + recoloured
        let designateCeiling = try await rawInsert(rows: max(designateRows, 1))

        // Quarantine: 20 sites of 500 rooms spread over the districts, and 10,000 confirmed contacts waiting.
        let quarantine = Quarantine(registry: runtime.registry)
        let districts = try await runtime.database.children(of: op.jurisdiction, actor: op).map(\.area)
        for n in 0..<20 {
            let district = districts[n % districts.count]
            try await quarantine.createSite(NewQuarantineSite(code: "BENCHQS\(100 + n)", name: "隔离点\(n + 1)", areaCode: district.code, address: "",
                                                              floors: 10, roomsPerFloor: 50, doubleRoomsPerFloor: 2), actor: op, now: now)
        }
        try await runtime.database.write { session in
            let people = try await session.select("""
                SELECT r.id FROM residents r WHERE NOT EXISTS (SELECT 1 FROM quarantine_assignments q WHERE q.resident_id = r.id)
                ORDER BY (r.id * 7919) % 1000003 LIMIT \(contacts)
                """, binds: [], types: [.int]).compactMap { $0[0].int }
            try await session.insert(into: "contacts", columns: ["resident_id", "tier", "exposed_at", "confirmed_at"],
                                     rows: people.enumerated().map { n, id in [.int(id), .text("close"), .int(now - 86_400), .int(now - 3_600 + Int64(n % 600))] })
        }
        let (report, allocateSeconds) = try await measure { try await quarantine.allocate(actor: op, now: now) }
        let placed = report.placed + report.atHome
        let policy = PolicyPreset.inForce(on: today).quarantine.measures[.closeContact] ?? []
        let perPerson = 1 + policy.count + policy.reduce(0) { $0 + $1.testDays.count } + 2
        let allocateCeiling = try await rawInsert(rows: placed * perPerson)

        return BenchResult(scenario: "areas", database: runtime.database.kind.rawValue, residents: residents, rows: designateRows + placed * perPerson,
                           seconds: finishedSeconds + allocateSeconds, ceilingRows: designateRows + placed * perPerson,
                           ceilingSeconds: designateCeiling + allocateCeiling, notes: [
                               ("visits", "\(summary.visits)"),
                               ("designated", "\(codes.count) communities of one street, \(population) residents"),
                               ("visitors", "\(visitors) people who visited in the 14 days"),
                               ("codes_recoloured", "\(recoloured)"),
                               ("designate_s", fmt(designateSeconds) + " (target < 1 s): committed, residents' codes rewritten, visitors' marked stale"),
                               ("designate_finished_s", fmt(finishedSeconds) + ": and the visitors' codes rewritten"),
                               ("designate_ceiling_s", fmt(designateCeiling) + " for \(designateRows) raw rows"),
                               ("designate_ratio", fmt(designateCeiling / finishedSeconds) + " (finished against the raw insert)"),
                               ("allocated", "\(report.placed) in rooms, \(report.atHome) at home, \(report.unplaced.count) without a room"),
                               ("allocate_s", fmt(allocateSeconds) + " (target < 2 s)"),
                               ("allocate_ceiling_s", fmt(allocateCeiling) + " for \(placed * perPerson) raw rows"),
                               ("allocate_ratio", fmt(allocateCeiling / allocateSeconds)),
                           ])
    }

    func counts() async throws -> (visits: Int, changes: Int) {
        try await runtime.database.read { session in
            let r = try await session.select("""
                SELECT (SELECT COUNT(*) FROM risk_area_visits), (SELECT COUNT(*) FROM code_changes)
                """, binds: [], types: [.int, .int]).first!
            return (Int(r[0].int!), Int(r[1].int!))
        }
    }

    /// A committed insert of `rows` six-column rows into a bare table: what writing the same number of rows costs with no
    /// logic at all.
    func rawInsert(rows: Int) async throws -> Double {
        try await runtime.database.write { session in
            try await session.execute("CREATE TABLE IF NOT EXISTS bench_rows (a BIGINT, b BIGINT, c TEXT, d BIGINT, e BIGINT, f TEXT)", binds: [])
        }
        let values: [[SQLValue]] = (0..<rows).map { i in [.int(Int64(i)), .int(Int64(i) * 3), .text("close_contact"), .int(1_700_000_000), .int(Int64(i)), .text("bench")] }
        return try await committedCeiling(runtime.database, { session in
            try await session.insert(into: "bench_rows", columns: ["a", "b", "c", "d", "e", "f"], rows: values)
        }, cleanup: { session in try await session.execute("DELETE FROM bench_rows", binds: []) })
    }
}
