import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// Generates a city of N residents with 14 days of visits. The ceiling is a raw bulk insert of the same number of
/// visit rows, already built, into the same visits table.
struct BenchCity {
    let runtime: Runtime
    let residents: Int

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: Int64(Date().timeIntervalSince1970))
        let (summary, seconds) = try await measure {
            try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 1, today: today),
                                                                         actor: runtime.bootstrapActor())
        }
        let rows = summary.residents + summary.visits + summary.areas
        // The ceiling: one day's worth of visit rows, the bulk of the data, inserted raw and rolled back.
        let sample = min(summary.visits, 2_000_000)
        let residentSpan = Int64(max(1, summary.residents))
        let raw: [[SQLValue]] = (0..<sample).map { i in
            let at = Int64(today.dayNumber) * 86_400 + Int64(i % 50_000)
            return [.int(1 + Int64(i) % residentSpan), .int(1 + Int64(i % max(1, summary.venues))), .int(at), .int(at + 1_800)]
        }
        let ceilingSeconds = try await ceiling(runtime.database, table: "venue_visits",
                                               columns: ["resident_id", "venue_id", "entered_at", "left_at"], rows: raw)
        return BenchResult(scenario: "city", database: runtime.database.kind.rawValue, residents: residents, rows: rows, seconds: seconds,
                           ceilingRows: sample, ceilingSeconds: ceilingSeconds,
                           notes: [("visits", "\(summary.visits)"), ("areas", "\(summary.areas)"), ("wall_seconds", fmt(seconds)),
                                   ("target", "1,000,000 residents in under 180 s")])
    }
}
