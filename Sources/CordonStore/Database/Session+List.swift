import CordonDomain

extension Session {
    /// A subquery that yields `values` as rows of one column, all passed as a single JSON bind: `IN (…)` for thousands
    /// of values without thousands of binds, in a statement short enough to compile at once.
    public func list(_ values: some Sequence<String>) -> (sql: String, bind: SQLValue) {
        var json = "["
        for (n, value) in values.enumerated() {
            if n > 0 { json += "," }
            json += JSONString.quoted(value)
        }
        json += "]"
        let sql = kind == .sqlite ? "SELECT value FROM json_each(?)" : "SELECT json_array_elements_text(CAST(? AS json))"
        return (sql, .text(json))
    }

    /// The same for integers.
    public func list(_ values: some Sequence<Int64>) -> (sql: String, bind: SQLValue) {
        var json = "["
        for (n, value) in values.enumerated() {
            if n > 0 { json += "," }
            json += String(value)
        }
        json += "]"
        let sql = kind == .sqlite
            ? "SELECT value FROM json_each(?)"
            : "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS json)) AS j(value)"
        return (sql, .text(json))
    }
}
