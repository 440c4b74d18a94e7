import CordonDomain
import PostgresKit
import PostgresNIO
import SQLiteKit
import SQLKit

/// One connection lent for the length of a `read` or `write`: SQLKit for ordinary statements, and a bulk path
/// that binds plain values straight into the driver, because the generic encoder costs more than the insert itself
/// when a screening round or a city arrives in millions of rows.
public struct Session: Sendable {
    enum Connection: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    public let sql: any SQLDatabase
    let connection: Connection
    /// The policy in force, as the database that lent this session knows it.
    public let policies: PolicyBook
    /// The time, as the database that lent this session reads it.
    public let clock: Clock

    public var kind: Database.Kind {
        switch connection {
        case .sqlite: .sqlite
        case .postgres: .postgres
        }
    }

    init(sqlite: SQLiteConnection, policies: PolicyBook, clock: Clock) {
        self.clock = clock
        sql = sqlite.sql(queryLogLevel: nil)
        connection = .sqlite(sqlite)
        self.policies = policies
    }

    init(postgres: PostgresConnection, policies: PolicyBook, clock: Clock) {
        self.clock = clock
        sql = postgres.sql(queryLogLevel: nil)
        connection = .postgres(postgres)
        self.policies = policies
    }

    /// The preset in force at `time` (for `district`, when a decision covers only one).
    public func policy(at time: Int64, district: Int64? = nil) -> PolicyPreset { policies.inForce(at: time, district: district) }

    /// The largest number of bound values one statement may carry on either database.
    static let maxBinds = 30_000

    /// Inserts `rows` into `table` with multi-row `INSERT` statements, as many rows per statement as the bind limit
    /// allows. Must run inside `write` for all-or-nothing behaviour.
    public func insert(into table: String, columns: [String], rows: [[SQLValue]]) async throws {
        try await insert(into: table, columns: columns, rows: rows, suffix: "")
    }

    /// The same, replacing the other columns of a row whose `key` is already there (`ON CONFLICT … DO UPDATE`, which
    /// both databases spell alike): one statement per chunk where a delete and an insert would be two passes.
    public func upsert(into table: String, columns: [String], key: String, rows: [[SQLValue]]) async throws {
        let updates = columns.filter { $0 != key }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await insert(into: table, columns: columns, rows: rows, suffix: " ON CONFLICT (\(key)) DO UPDATE SET \(updates)")
    }

    private func insert(into table: String, columns: [String], rows: [[SQLValue]], suffix: String) async throws {
        guard !rows.isEmpty else { return }
        let perStatement = max(1, Self.maxBinds / columns.count)
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            try await insertChunk(table: table, columns: columns, rows: rows[start..<end], suffix: suffix)
            start = end
        }
    }

    private func insertChunk(table: String, columns: [String], rows: ArraySlice<[SQLValue]>, suffix: String) async throws {
        var text = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        text.reserveCapacity(64 + rows.count * columns.count * 6)
        switch connection {
        case .sqlite(let connection):
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * columns.count)
            var first = true
            for row in rows {
                precondition(row.count == columns.count, "row width does not match columns")
                text += first ? "(" : ",("
                first = false
                for (i, value) in row.enumerated() {
                    text += i == 0 ? "?" : ",?"
                    binds.append(value.sqlite)
                }
                text += ")"
            }
            text += suffix
            _ = try await connection.query(text, binds)
        case .postgres(let connection):
            var binds = PostgresBindings(capacity: rows.count * columns.count)
            var n = 0
            var first = true
            for row in rows {
                precondition(row.count == columns.count, "row width does not match columns")
                text += first ? "(" : ",("
                first = false
                for (i, value) in row.enumerated() {
                    n += 1
                    text += i == 0 ? "$\(n)" : ",$\(n)"
                    value.append(to: &binds)
                }
                text += ")"
            }
            text += suffix
            _ = try await connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: connection.logger)
        }
    }

    /// The next free id of `table`, for callers that assign ids themselves to build a tree in one pass. On PostgreSQL
    /// the table is locked until commit so no concurrent writer takes the same ids; call `syncIdentity` after inserting.
    public func nextID(of table: String) async throws -> Int64 {
        if kind == .postgres { try await sql.raw("LOCK TABLE \(unsafeRaw: table) IN EXCLUSIVE MODE").run() }
        let max = try await sql.raw("SELECT MAX(id) AS m FROM \(unsafeRaw: table)").first()?.decode(column: "m", as: Int64?.self)
        return (max ?? 0) + 1
    }

    /// Moves PostgreSQL's identity sequence past ids assigned explicitly; SQLite's rowid needs no help.
    public func syncIdentity(of table: String) async throws {
        guard kind == .postgres else { return }
        try await sql.raw("SELECT setval(pg_get_serial_sequence('\(unsafeRaw: table)', 'id'), COALESCE((SELECT MAX(id) FROM \(unsafeRaw: table)), 0) + 1, false)").run()
    }
}

/// A plain value for the bulk path.
public enum SQLValue: Sendable, Hashable {
    case int(Int64)
    case text(String)
    case null

    public static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    public static func int(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }

    var sqlite: SQLiteData {
        switch self {
        case .int(let v): .integer(Int(v))
        case .text(let v): .text(v)
        case .null: .null
        }
    }

    func append(to binds: inout PostgresBindings) {
        switch self {
        case .int(let v): binds.append(v)
        case .text(let v): binds.append(v)
        case .null: binds.appendNull()
        }
    }
}
