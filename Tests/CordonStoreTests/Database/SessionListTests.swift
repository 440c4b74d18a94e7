import CordonStore
import Testing

@Suite struct SessionListTests {
    /// Any text survives the trip through the JSON bind, quotes, backslashes, control characters and CJK included.
    @Test(arguments: Backends.all) func listsCarryAnyTextAndIntegers(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let texts = ["T0000001", "quote\"d", "back\\slash", "line\nbreak\u{1}", "和平社区", ""]
            let (rows, ints) = try await f.database.read { session in
                let list = session.list(texts)
                let numbers = session.list([Int64(3), -7, 9_000_000_000])
                return (try await session.select("SELECT * FROM (\(list.sql)) AS l", binds: [list.bind], types: [.text]),
                        try await session.select("SELECT * FROM (\(numbers.sql)) AS n", binds: [numbers.bind], types: [.int]))
            }
            #expect(rows.compactMap { $0[0].text } == texts)
            #expect(ints.compactMap { $0[0].int } == [3, -7, 9_000_000_000])
        }
    }
}

@Suite struct PlaceholderTests {
    @Test func questionMarksBecomeNumberedBindsOutsideQuotes() throws {
        #expect(try Session.numberedPlaceholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)") == "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)")
        #expect(try Session.numberedPlaceholders("SELECT 'it''s', \"x\" FROM t WHERE y = ?") == "SELECT 'it''s', \"x\" FROM t WHERE y = $1")
    }

    @Test func aQuestionMarkInsideALiteralIsRefused() {
        for sql in ["SELECT '?' FROM t", "SELECT 'a''?' FROM t WHERE b = ?", "SELECT \"odd?\" FROM t"] {
            #expect(throws: StoreError.self) { try Session.numberedPlaceholders(sql) }
        }
    }
}
