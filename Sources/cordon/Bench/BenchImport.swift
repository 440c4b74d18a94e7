import SQLKit
import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// CSV import of N residents (parse, validate, encrypt, resolve households, check duplicates, insert) against the
/// ceiling of inserting the very same stored rows raw into the same table.
struct BenchImport {
    let runtime: Runtime
    let residents: Int

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: Int64(Date().timeIntervalSince1970))
        _ = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 7, days: 0, today: today),
                                                                         actor: runtime.bootstrapActor())
        let actor = try await runtime.operatorActor()
        let csv = Array(try await runtime.registry.exportResidentsCSV(actor: actor).utf8)
        let rows = try await storedRows(actor: actor)
        try await runtime.database.write { session in
            try await session.sql.raw("DELETE FROM audit_reads").run()
            try await session.sql.raw("DELETE FROM residents").run()
        }
        let ceilingSeconds = try await ceiling(runtime.database, table: "residents", columns: Registry.insertColumns, rows: rows)
        let (outcome, seconds) = try await measure {
            try await runtime.registry.importResidents(csv: csv, actor: actor, skipInvalid: false, reason: "bench", progress: { report($0) })
        }
        guard outcome.inserted == rows.count else { throw StoreError(.invalid, "imported \(outcome.inserted) of \(rows.count) rows") }
        return BenchResult(scenario: "import", database: runtime.database.kind.rawValue, residents: residents, rows: outcome.inserted,
                           seconds: seconds, ceilingRows: rows.count, ceilingSeconds: ceilingSeconds,
                           notes: [("csv_bytes", "\(csv.count)"), ("target", "ratio >= 0.5")])
    }

    /// The rows as the residents table holds them now, read back before they are deleted.
    private func storedRows(actor: Actor) async throws -> [[SQLValue]] {
        let columns = Registry.insertColumns
        return try await runtime.database.read { session in
            try await session.sql.raw("SELECT \(unsafeRaw: columns.joined(separator: ", ")) FROM residents ORDER BY id").all().map { row in
                try columns.map { column -> SQLValue in
                    if column.hasSuffix("_id") || column == "created_at" { return .int(try row.decode(column: column, as: Int64?.self)) }
                    return .text(try row.decode(column: column, as: String?.self))
                }
            }
        }
    }
}
