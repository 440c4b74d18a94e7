import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// Contact finding at city scale: a city of N residents with 14 days of venue visits, under the 9th edition (August
/// 2022, so secondary contacts are traced too). For 20 cases spread over the city it times proposing close contacts,
/// confirming them, and proposing secondary contacts, then lists the whole ledger. The ceiling, timed in the same run:
/// the raw index range scans over venue_visits for the case's own visits (no logic), plus a raw committed insert of as
/// many rows as were proposed into an unindexed copy of the links table.
struct BenchTracing {
    let runtime: Runtime
    let residents: Int
    let cases = 20

    func run() async throws -> BenchResult {
        let today = CivilDate(year: 2022, month: 8, day: 10)!
        let now = today.startUnixTime() + 18 * 3_600
        let summary = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 3, today: today),
                                                                                   actor: runtime.bootstrapActor())
        let op = try await runtime.operatorActor()
        let tracing = Tracing(registry: runtime.registry)
        let policy = PolicyPreset.inForce(on: today).tracing
        let people = try await runtime.database.read { session in
            try await session.select("SELECT id FROM residents ORDER BY id", binds: [], types: [.int]).compactMap { $0[0].int }
        }
        var closeTimes: [Double] = [], secondaryTimes: [Double] = [], scanTimes: [Double] = [], insertTimes: [Double] = []
        try await runtime.database.write { session in
            try await session.execute("CREATE TABLE bench_links AS SELECT * FROM contact_links WHERE 1 = 0", binds: [])
        }
        var found = 0, confirmed = 0
        for n in 0..<cases {
            let person = people[(n * 7_919 + 13) % people.count]
            let id = try await tracing.register(NewCase(residentID: person, classification: .confirmed, severity: .mild, onset: today.adding(days: -1),
                                                        sampledAt: now - 8 * 3_600, reportedAt: now - 3_600, foundBy: .screening, treatedAt: "",
                                                        isolatedAt: now - 3_600), actor: op, now: now)
            let close = try await tracing.propose(caseID: id, actor: op, now: now)
            closeTimes.append(close.seconds)
            scanTimes.append(try await rawScans(caseID: id, tracing: tracing, actor: op, policy: policy, now: now))
            confirmed += try await tracing.confirmAll(caseID: id, tier: .close, actor: op, now: now)
            let secondary = try await tracing.propose(caseID: id, actor: op, now: now)
            secondaryTimes.append(secondary.seconds)
            found += close.close + secondary.secondary
            let rows: [[SQLValue]] = (0..<(close.close + secondary.secondary)).map { i in
                [.int(id), .int(Int64(i)), .text("secondary"), .text("venue"), .int(1), .int(1), .int(now), .text("proposed"), .int(now), .null, .null]
            }
            insertTimes.append(try await committedCeiling(runtime.database, { session in
                try await session.insert(into: "bench_links", columns: ["case_id", "resident_id", "tier", "route", "venue_id", "via_resident_id",
                                                                        "exposed_at", "status", "created_at", "decided_by", "decided_at"], rows: rows)
            }, cleanup: { session in try await session.execute("DELETE FROM bench_links", binds: []) }))
        }
        let (ledger, ledgerSeconds) = try await measure { try await tracing.ledger(actor: op, filter: .all, limit: 50_000, now: now) }
        let total = closeTimes.reduce(0, +) + secondaryTimes.reduce(0, +)
        let sortedClose = closeTimes.sorted(), sortedSecondary = secondaryTimes.sorted()
        return BenchResult(scenario: "tracing", database: runtime.database.kind.rawValue, residents: residents, rows: found, seconds: total,
                           ceilingRows: found, ceilingSeconds: scanTimes.reduce(0, +) + insertTimes.reduce(0, +), notes: [
                               ("visits", "\(summary.visits)"),
                               ("cases", "\(cases)"),
                               ("close_found", "\(confirmed) people confirmed"),
                               ("people_found", "\(found) close and secondary"),
                               ("close_ms_median", fmt(sortedClose[cases / 2] * 1_000)),
                               ("close_ms_max", fmt(sortedClose.last! * 1_000)),
                               ("secondary_ms_median", fmt(sortedSecondary[cases / 2] * 1_000)),
                               ("secondary_ms_max", fmt(sortedSecondary.last! * 1_000)),
                               ("raw_scans_ms_median", fmt(scanTimes.sorted()[cases / 2] * 1_000)),
                               ("close_ratio", fmt(scanTimes.reduce(0, +) / closeTimes.reduce(0, +))),
                               ("raw_insert_ms_median", fmt(insertTimes.sorted()[cases / 2] * 1_000)),
                               ("ledger_list_ms", "\(fmt(ledgerSeconds * 1_000)) for \(ledger.count) contacts"),
                           ])
    }

    /// The ceiling for one case: its visits in the window, then each venue's visits in the widened span, read raw.
    func rawScans(caseID: Int64, tracing: Tracing, actor: Actor, policy: TracingPolicy, now: Int64) async throws -> Double {
        let trajectory = try await tracing.trajectory(caseID: caseID, actor: actor, now: now)
        let margin = policy.marginSeconds, longest = Int64(policy.longestVisitHours) * 3_600
        let start = ContinuousClock.now
        try await runtime.database.read { session in
            for item in trajectory.items {
                guard let venue = item.venueID else { continue }
                _ = try await session.select("""
                    SELECT resident_id, entered_at, left_at FROM venue_visits WHERE venue_id = ? AND entered_at >= ? AND entered_at <= ? AND left_at >= ?
                    """, binds: [.int(venue), .int(item.startedAt - margin - longest), .int(item.endedAt + margin), .int(item.startedAt - margin)],
                    types: [.int, .int, .int])
            }
        }
        return seconds(since: start)
    }
}
