import Synchronization
import CordonDomain
import CordonSim
import CordonStore
import Foundation
import SQLKit

/// A whole round over N residents in 10:1 tubes: devices sync their tubes, batches travel and are received, the lab
/// uploads results, all through the calls the API makes. The ceiling is a raw bulk insert of the same number of tube
/// and swab rows into the same tables. Coverage of every community and the positive-pool reflex are timed too.
struct BenchScreening {
    let runtime: Runtime
    let residents: Int

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: Int64(Date().timeIntervalSince1970))
        _ = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 3, days: 0, today: today),
                                                                         actor: runtime.bootstrapActor())
        let city = try await runtime.operatorActor().jurisdiction
        let screening = Screening(registry: runtime.registry)
        let marks = Mutex<[RoundSimulator.Step: ContinuousClock.Instant]>([:])
        let summary = try await RoundSimulator(screening: screening).run(name: "bench", under: city) { step, count in
            marks.withLock { $0[step] = .now }
            report("\(step.rawValue): \(count)")
        }
        let m = marks.withLock { $0 }
        func span(_ a: RoundSimulator.Step, _ b: RoundSimulator.Step) -> Double {
            let d = m[b]! - m[a]!
            return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        let roundSeconds = span(.ready, .results)

        // Ceiling: the same number of tube and swab rows inserted raw in one transaction that commits, since the
        // round's rows must be durable too; the same insert rolled back (no commit) is reported beside it.
        let (tubeCount, swabCount, round, people) = (summary.tubes, summary.swabs, summary.round, Int64(max(1, residents)))
        let firstCeilingTube = try await runtime.database.write { session in try await session.nextID(of: "tubes") }
        let insertRaw: @Sendable (Session) async throws -> Void = { session in
            let first = try await session.nextID(of: "tubes")
            let now = UnixTime.now()
            var tubes: [[SQLValue]] = []
            for t in 0..<Int64(tubeCount) {
                let id = first + t
                let row: [SQLValue] = [.int(id), .text("CEIL\(id)"), .int(round), .int(1), .int(10), .int(0), .text("screening"), .text("closed"),
                                       .int(10), .int(now), .int(now)]
                tubes.append(row)
            }
            var members: [[SQLValue]] = []
            for s in 0..<Int64(swabCount) {
                let row: [SQLValue] = [.int(first + s / 10), .int(s % people + 1), .int(round), .int(now)]
                members.append(row)
            }
            try await session.insert(into: "tubes", columns: Screening.tubeColumns, rows: tubes)
            try await session.insert(into: "tube_members", columns: Screening.memberColumns, rows: members)
        }
        let rolledBackSeconds = try await ceiling(runtime.database, insertRaw)
        let ceilingSeconds = try await committedCeiling(runtime.database, insertRaw) { session in
            try await session.sql.raw("DELETE FROM tube_members WHERE tube_id >= \(bind: firstCeilingTube)").run()
            try await session.sql.raw("DELETE FROM tubes WHERE id >= \(bind: firstCeilingTube)").run()
        }

        let (communities, coverageSeconds) = try await measure {
            try await screening.coverage(round: summary.round, area: city, actor: try await runtime.operatorActor(), level: .community)
        }
        let reflexSeconds = try await reflex(screening, round: summary.round, city: city)
        let sampledShare = Double(communities.map(\.sampled).reduce(0, +)) / Double(max(1, communities.map(\.residents).reduce(0, +)))
        return BenchResult(scenario: "screening", database: runtime.database.kind.rawValue, residents: residents, rows: tubeCount + swabCount,
                           seconds: roundSeconds, ceilingRows: tubeCount + swabCount, ceilingSeconds: ceilingSeconds,
                           notes: [("tubes", "\(tubeCount)"), ("swabs", "\(swabCount)"), ("positive_pools", "\(summary.positives)"),
                                   ("sampling_s", fmt(span(.ready, .sampling))), ("transport_s", fmt(span(.sampling, .transport))),
                                   ("results_s", fmt(span(.transport, .results))),
                                   ("ceiling_rolled_back_s", fmt(rolledBackSeconds)),
                                   ("coverage_ms", fmt(coverageSeconds * 1000)), ("communities", "\(communities.count)"),
                                   ("coverage_share", fmt(sampledShare)), ("reflex_ms", fmt(reflexSeconds * 1000)),
                                   ("target", "round < 30 s, ratio >= 0.5, coverage < 200 ms, reflex < 100 ms")])
    }

    /// Times the upload of one positive 10:1 tube: the result and the orders for its ten people, in one transaction.
    private func reflex(_ screening: Screening, round: Int64, city: Area) async throws -> Double {
        let sampler = Actor(userID: nil, name: "bench", role: .sampler, jurisdiction: city)
        let lab = Actor(userID: nil, name: "bench", role: .labOperator, jurisdiction: city)
        let roster = try await screening.roster(under: city, actor: Actor(userID: nil, name: "bench", role: .commander, jurisdiction: city))
        let site = try await screening.sitesByCommunity().values.first!.first!
        let now = UnixTime.now()
        try await screening.registerSamples([TubeSubmission(barcode: "REFLEX0001", site: site, roundId: round, capacity: 10, sampledAt: now,
                                                            idNumbers: roster.prefix(10).map(\.idNumber))], actor: sampler)
        try await screening.dispatch(batch: "REFLEXB001", labCode: "LAB000SIM", barcodes: ["REFLEX0001"], actor: sampler)
        try await screening.receive(batch: "REFLEXB001", actor: lab)
        let (report, seconds) = try await measure {
            try await screening.uploadResults([ResultRow(barcode: "REFLEX0001", result: "positive", ct: "28.0", testedAt: now + 60)], actor: lab)
        }
        guard report.orders == 20 else { throw StoreError(.invalid, "the reflex made \(report.orders) orders, expected 20") }
        return seconds
    }
}
