import PostgresNIO
import SQLiteNIO

/// The type a fast-path column is read as.
public enum SQLColumnType: Sendable {
    case int
    case text
}

extension Session {
    /// Runs a query written with `?` placeholders and reads each column by position as plain values, skipping
    /// SQLKit's decoder: the lookups of a bulk import run hundreds of these over tens of thousands of rows. It only
    /// reads: a statement that writes is refused, and goes through `execute`.
    public func select(_ sql: String, binds: [SQLValue], types: [SQLColumnType]) async throws -> [[SQLValue]] {
        guard Self.reads(sql) else { throw StoreError(.invalid, "select runs reads only; write through execute: \(sql.prefix(60))") }
        return try await run(sql, binds: binds, types: types)
    }

    /// Runs a write (`INSERT`, `UPDATE`, `DELETE`, or a statement about the database itself), with `?` placeholders;
    /// with `returning`, the rows of its `RETURNING` clause read as `select` reads them.
    @discardableResult
    public func execute(_ sql: String, binds: [SQLValue] = [], returning types: [SQLColumnType] = []) async throws -> [[SQLValue]] {
        try await run(sql, binds: binds, types: types)
    }

    /// Whether a statement only reads: it opens with `SELECT`, `WITH` or `VALUES`.
    static func reads(_ sql: String) -> Bool {
        let word = sql.drop { $0 == " " || $0 == "\n" || $0 == "(" }.prefix { $0.isLetter }.uppercased()
        return word == "SELECT" || word == "WITH" || word == "VALUES"
    }

    private func run(_ sql: String, binds: [SQLValue], types: [SQLColumnType]) async throws -> [[SQLValue]] {
        switch connection {
        case .sqlite(let connection):
            return try await connection.query(sql, binds.map(\.sqlite)).map { row in
                zip(row.columns, types).map { column, type in
                    switch (column.data, type) {
                    case (.integer(let v), _): .int(Int64(v))
                    case (.text(let v), .text): .text(v)
                    case (.text(let v), .int): Int64(v).map { .int($0) } ?? .null
                    default: .null
                    }
                }
            }
        case .postgres(let connection):
            let text = try Self.numberedPlaceholders(sql)
            var bindings = PostgresBindings(capacity: binds.count)
            for bind in binds { bind.append(to: &bindings) }
            var out: [[SQLValue]] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: connection.logger) {
                var values: [SQLValue] = []
                values.reserveCapacity(types.count)
                for (cell, type) in zip(row, types) {
                    switch type {
                    case .int: values.append(.int(try cell.decode(Int64?.self)))
                    case .text: values.append(.text(try cell.decode(String?.self)))
                    }
                }
                out.append(values)
            }
            return out
        }
    }

    /// PostgreSQL's `$1, $2, …` for the `?` placeholders of `sql`. A `?` inside a quoted literal or identifier is
    /// refused rather than numbered: it would be a bind on PostgreSQL and a character on SQLite.
    public static func numberedPlaceholders(_ sql: String) throws -> String {
        var text = ""
        text.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character?
        for ch in sql {
            if let open = quote {
                if ch == open { quote = nil }
                if ch == "?" { throw StoreError(.invalid, "a ? inside a quoted literal: \(sql)") }
                text.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                text.append(ch)
            } else if ch == "?" {
                n += 1
                text += "$\(n)"
            } else {
                text.append(ch)
            }
        }
        return text
    }

    /// `?,?,…` for `count` binds.
    public static func placeholders(_ count: Int) -> String {
        String(repeating: "?,", count: max(0, count - 1)) + (count > 0 ? "?" : "")
    }
}

extension SQLValue {
    public var int: Int64? {
        if case .int(let v) = self { return v }
        return nil
    }

    public var text: String? {
        if case .text(let v) = self { return v }
        return nil
    }
}
