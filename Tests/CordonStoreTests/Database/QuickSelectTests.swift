import CordonStore
import SQLKit
import Testing

/// The statements these tests keep prepared: one type each, as PostgresNIO keys its prepared statements by type.
enum NoteByID: QuickRead {
    static let statement = QuickStatement(name: "test_note_by_id", sql: "SELECT id, body, n FROM quick_notes WHERE id = ?", types: [.int, .text, .int])
}
enum NoteByBody: QuickRead {
    static let statement = QuickStatement(name: "test_note_by_body", sql: "SELECT id FROM quick_notes WHERE body = ?", types: [.int])
}
enum AllShapes: QuickRead {
    static let statement = QuickStatement(name: "test_all_shapes", sql: "SELECT * FROM quick_shapes", types: [.int, .text])
}
enum NoSuchTable: QuickRead {
    static let statement = QuickStatement(name: "test_no_such_table", sql: "SELECT nothing FROM no_such_table", types: [.int])
}
enum OnePlus: QuickRead {
    static let statement = QuickStatement(name: "test_one_plus", sql: "SELECT 1 + ?", types: [.int])
}
enum Twice: QuickRead {
    static let statement = QuickStatement(name: "test_twice", sql: "SELECT ? * 2", types: [.int])
}

@Suite struct QuickSelectTests {
    /// A kept statement run again with other binds sees each commit made since, on whichever connection it lands.
    @Test(arguments: Backends.all) func seesEveryCommitAndRebindsEachRun(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            try await f.database.write { s in
                try await s.sql.raw("CREATE TABLE quick_notes (id INTEGER PRIMARY KEY, body TEXT, n INTEGER)").run()
            }
            let texts = ["和平社区", "quote\"d", "", "line\nbreak"]
            for (i, text) in texts.enumerated() {
                let id = Int64(i + 1)
                #expect(try await f.database.quickSelect(NoteByID.self, binds: [.int(id)]).isEmpty)
                try await f.database.write { s in
                    try await s.sql.raw("INSERT INTO quick_notes (id, body, n) VALUES (\(bind: id), \(bind: text), NULL)").run()
                }
                for _ in 0..<6 {  // more runs than connections, so every connection's kept statement is reused
                    let rows = try await f.database.quickSelect(NoteByID.self, binds: [.int(id)])
                    #expect(rows == [[.int(id), .text(text), .null]])
                }
            }
            let byText = try await f.database.quickSelect(NoteByBody.self, binds: [.text("和平社区")])
            #expect(byText == [[.int(1)]])
        }
    }

    /// A statement kept from before a migration still answers after it, with the new shape (on PostgreSQL, where a
    /// kept plan may not change its columns, by running it unprepared).
    @Test(arguments: Backends.all) func keptStatementsFollowASchemaChange(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            try await f.database.write { s in
                try await s.sql.raw("CREATE TABLE quick_shapes (id INTEGER PRIMARY KEY)").run()
                try await s.sql.raw("INSERT INTO quick_shapes (id) VALUES (7)").run()
            }
            for _ in 0..<6 { #expect(try await f.database.quickSelect(AllShapes.self, binds: []) == [[.int(7)]]) }
            try await f.database.write { s in
                try await s.sql.raw("ALTER TABLE quick_shapes ADD COLUMN label TEXT").run()
                try await s.sql.raw("UPDATE quick_shapes SET label = 'seven'").run()
            }
            for _ in 0..<6 { #expect(try await f.database.quickSelect(AllShapes.self, binds: []) == [[.int(7), .text("seven")]]) }
        }
    }

    /// A statement the database refuses is an error, and the connection goes on serving.
    @Test(arguments: Backends.all) func aBadStatementIsAnErrorNotACrash(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            await #expect(throws: (any Error).self) {
                try await f.database.quickSelect(NoSuchTable.self, binds: [])
            }
            let two = try await f.database.quickSelect(OnePlus.self, binds: [.int(1)])
            #expect(two == [[.int(2)]])
        }
    }

    /// Many at once, more than there are connections: each gets its own answer.
    @Test(arguments: Backends.all) func concurrentReadsEachGetTheirOwnRows(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let answers = try await withThrowingTaskGroup(of: (Int64, [[SQLValue]]).self) { group in
                for n in Int64(0)..<64 {
                    group.addTask { (n, try await f.database.quickSelect(Twice.self, binds: [.int(n)])) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 64)
            for (n, rows) in answers { #expect(rows == [[.int(n * 2)]]) }
        }
    }
}
