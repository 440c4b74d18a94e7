import Synchronization
import ArgumentParser
import CordonDomain
import CordonSim
import CordonStore
import Foundation

/// Benchmarks on a release build. Each prints a small table, then one JSON line with the figures: the measured rate,
/// a ceiling rate measured in the same run on the same database, and their ratio, because these machines are shared.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure a scenario: city, import, screening, codes, tracing, areas or dashboard.")

    enum Scenario: String, ExpressibleByArgument { case city, `import`, screening, codes, tracing, areas, dashboard }

    @Argument(help: "city: generate N residents with 14 days of visits; import: CSV import of N residents; screening: a round over N residents; codes: passes and reassessment; tracing: contact finding among 14 days of visits; areas: designating 20,000 residents and their visitors, and placing 10,000 contacts; dashboard: the city's and a district's figures during an outbreak.") var scenario: Scenario
    @Option(help: "Residents.") var residents = 100_000
    @Option(help: "A SQLite path or postgres:// URL of an empty database (default: a temporary SQLite file).") var database: String?
    @Option(help: "codes: afterwards serve the city this long for a load test (scripts/load_codes.sh).") var serveSeconds: Int?
    @Option(help: "codes: the port to serve on.") var port = 8089
    @Option(help: "codes: where to write the session tokens and a pass for the load test.") var tokens: String?

    func run() async throws {
        var settings = Settings.fromEnvironment()
        if settings.dataKey == nil { settings.dataKey = FieldCipher.generateKey() }
        let temporary = database == nil
        let url = database ?? FileManager.default.temporaryDirectory.appendingPathComponent("cordon-bench-\(UUID().uuidString).sqlite").path
        let runtime = try await Runtime.open(url, settings: settings)
        defer {
            if temporary { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url + s) } }
        }
        let result: BenchResult
        switch scenario {
        case .city: result = try await BenchCity(runtime: runtime, residents: residents).run()
        case .import: result = try await BenchImport(runtime: runtime, residents: residents).run()
        case .screening: result = try await BenchScreening(runtime: runtime, residents: residents).run()
        case .tracing: result = try await BenchTracing(runtime: runtime, residents: residents).run()
        case .areas: result = try await BenchAreas(runtime: runtime, residents: residents).run()
        case .dashboard: result = try await BenchDashboard(runtime: runtime, residents: residents).run()
        case .codes:
            let bench = BenchCodes(runtime: runtime, residents: residents, serveSeconds: serveSeconds, port: port, tokensFile: tokens)
            result = try await bench.run()
            // Unbuffered: the load script reads these while the server keeps running.
            emit(result.table)
            emit(result.json)
            if let serveSeconds { try await bench.serve(seconds: serveSeconds) }
            await runtime.database.close()
            return
        }
        await runtime.database.close()
        print(result.table)
        print(result.json)
    }
}

struct BenchResult {
    var scenario: String
    var database: String
    var residents: Int
    var rows: Int
    var seconds: Double
    var ceilingRows: Int
    var ceilingSeconds: Double
    var notes: [(String, String)] = []

    var rate: Double { Double(rows) / seconds }
    var ceilingRate: Double { Double(ceilingRows) / ceilingSeconds }
    var ratio: Double { rate / ceilingRate }

    var table: String {
        var lines = ["scenario      \(scenario) on \(database)", "residents     \(residents)",
                     "measured      \(rows) rows in \(fmt(seconds)) s = \(Int(rate)) rows/s",
                     "ceiling       \(ceilingRows) rows in \(fmt(ceilingSeconds)) s = \(Int(ceilingRate)) rows/s (raw bulk insert)",
                     "ratio         \(fmt(ratio))"]
        lines += notes.map { "\($0.0.padding(toLength: 24, withPad: " ", startingAt: 0))\($0.1)" }
        return lines.joined(separator: "\n")
    }

    var json: String {
        var fields = ["\"scenario\":\"\(scenario)\"", "\"database\":\"\(database)\"", "\"residents\":\(residents)", "\"rows\":\(rows)",
                      "\"seconds\":\(fmt(seconds))", "\"rate\":\(Int(rate))", "\"ceiling_rate\":\(Int(ceilingRate))", "\"ratio\":\(fmt(ratio))"]
        fields += notes.map { "\"\($0.0)\":\"\($0.1)\"" }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

func fmt(_ x: Double) -> String { String(format: "%.3f", x) }

func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, seconds(since: start))
}

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// Thrown to roll a measurement's transaction back after timing it.
struct Rollback: Error {}

/// Times inserting `rows` into `table` in one transaction, then rolls it back.
func ceiling(_ database: Database, table: String, columns: [String], rows: [[SQLValue]]) async throws -> Double {
    try await ceiling(database) { session in try await session.insert(into: table, columns: columns, rows: rows) }
}

/// Times `body` in a transaction that commits, as a durable bulk insert must, then runs `cleanup` untimed in another.
func committedCeiling(_ database: Database, _ body: @Sendable @escaping (Session) async throws -> Void,
                      cleanup: @Sendable @escaping (Session) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await database.write { session in try await body(session) }
    let elapsed = seconds(since: start)
    try await database.write { session in try await cleanup(session) }
    return elapsed
}

/// Times `body` inside a transaction up to its last statement, then rolls the transaction back.
func ceiling(_ database: Database, _ body: @Sendable @escaping (Session) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    let elapsed = Mutex<Double>(0)
    do {
        try await database.write { session in
            try await body(session)
            elapsed.withLock { $0 = seconds(since: start) }
            throw Rollback()
        }
    } catch is Rollback {}
    return elapsed.withLock { $0 }
}
