import SQLKit

extension Session {
    /// Runs a read written with `?` placeholders and decodes each row into `Row` by column name: `SELECT q.id,
    /// r.name AS resident_name` into `struct Row: Decodable { let id: Int64; let residentName: String }`. This is how
    /// the store reads rows; the positional `select` is kept for the paths a benchmark needs (bulk reads).
    public func rows<Row: Decodable>(_ type: Row.Type, _ sql: String, binds: [SQLValue] = []) async throws -> [Row] {
        guard Self.reads(sql) else { throw StoreError(.invalid, "rows runs reads only; write through execute: \(sql.prefix(60))") }
        return try await self.sql.raw(try Self.query(sql, binds: binds)).all().map {
            try $0.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }

    /// The first row of `rows`, or nil.
    public func row<Row: Decodable>(_ type: Row.Type, _ sql: String, binds: [SQLValue] = []) async throws -> Row? {
        try await rows(type, sql, binds: binds).first
    }

    /// `sql` with each `?` outside a quoted literal bound to the next of `binds`, for SQLKit to number as the
    /// database wants. A `?` inside a literal is refused, as are binds that do not match the placeholders.
    static func query(_ sql: String, binds: [SQLValue]) throws -> SQLQueryString {
        var query = SQLQueryString("")
        var text = ""
        var quote: Character?
        var next = binds.makeIterator()
        for ch in sql {
            if let open = quote {
                if ch == "?" { throw StoreError(.invalid, "a ? inside a quoted literal: \(sql)") }
                if ch == open { quote = nil }
                text.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                text.append(ch)
            } else if ch == "?" {
                guard let value = next.next() else { throw StoreError(.invalid, "more placeholders than binds: \(sql.prefix(60))") }
                query.appendLiteral(text)
                text = ""
                switch value {
                case .int(let v): query.appendInterpolation(bind: v)
                case .text(let v): query.appendInterpolation(bind: v)
                case .null: query.appendInterpolation(bind: String?.none)
                }
            } else {
                text.append(ch)
            }
        }
        guard next.next() == nil else { throw StoreError(.invalid, "more binds than placeholders: \(sql.prefix(60))") }
        query.appendLiteral(text)
        return query
    }
}
