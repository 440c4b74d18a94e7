import CordonStore
import Testing

/// Rows decode by column name into named types, on both databases, with `?` placeholders bound in order.
@Suite struct NamedRowsTests {
    struct AreaRow: Decodable, Equatable {
        let id: Int64
        let areaCode: String
        let parentName: String?
        let isCity: Bool
    }

    @Test(arguments: Backends.all) func rowsDecodeByColumnName(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let rows = try await f.database.read { session in
                try await session.rows(AreaRow.self, """
                    SELECT a.id, a.code AS area_code, p.name AS parent_name, (a.level = ?) AS is_city
                    FROM areas a LEFT JOIN areas p ON p.id = a.parent_id WHERE a.code IN (?, ?) ORDER BY a.code
                    """, binds: [.text("city"), .text("C"), .text("D1")])
            }
            #expect(rows.map(\.areaCode) == ["C", "D1"])
            #expect(rows[0].parentName == nil && rows[0].isCity)
            #expect(rows[1].parentName != nil && !rows[1].isCity)
        }
    }

    @Test(arguments: Backends.all) func placeholdersMustMatchTheirBindsAndStayOutOfLiterals(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            for (sql, binds) in [("SELECT id FROM areas WHERE code = '?'", [SQLValue]()), ("SELECT id FROM areas WHERE code = ?", []),
                                 ("SELECT id FROM areas", [.int(1)]), ("UPDATE areas SET name = ?", [.text("x")])] {
                await #expect(throws: StoreError.self) {
                    _ = try await f.database.read { session in try await session.rows(AreaRow.self, sql, binds: binds) }
                }
            }
        }
    }
}
