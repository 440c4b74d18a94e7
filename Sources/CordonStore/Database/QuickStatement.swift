import PostgresNIO

/// A read the hot paths make thousands of times a second (who a token belongs to, a citizen's own codes). It is
/// prepared once per connection and kept: on SQLite by `SQLiteQuickReads`, on PostgreSQL as a named server-side
/// statement, so neither database parses and plans it again on every request.
public struct QuickStatement: Sendable {
    /// The server-side name on PostgreSQL; unique per statement.
    public let name: String
    /// Written with `?` placeholders, as everywhere in the store.
    public let sql: String
    public let types: [SQLColumnType]
    /// The same with PostgreSQL's `$1, $2, …`, numbered once.
    let postgresSQL: String

    public init(name: String, sql: String, types: [SQLColumnType]) {
        self.name = name
        self.sql = sql
        self.types = types
        do { postgresSQL = try Session.numberedPlaceholders(sql) } catch { preconditionFailure("\(error)") }
    }
}

/// A type that names one `QuickStatement`. PostgresNIO keys its per-connection prepared statements by type, so each
/// quick read is a type of its own.
public protocol QuickRead {
    static var statement: QuickStatement { get }
}

/// Runs a `QuickRead` as a PostgresNIO prepared statement: parsed and planned on the first use on each connection,
/// then only bound and executed.
struct PreparedQuickRead<Read: QuickRead>: PostgresPreparedStatement {
    typealias Row = [SQLValue]
    static var name: String { Read.statement.name }
    static var sql: String { Read.statement.postgresSQL }

    let binds: [SQLValue]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds { bind.append(to: &bindings) }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> [SQLValue] {
        var values: [SQLValue] = []
        let types = Read.statement.types
        values.reserveCapacity(types.count)
        for (cell, type) in zip(row, types) {
            switch type {
            case .int: values.append(.int(try cell.decode(Int64?.self)))
            case .text: values.append(.text(try cell.decode(String?.self)))
            }
        }
        return values
    }
}
