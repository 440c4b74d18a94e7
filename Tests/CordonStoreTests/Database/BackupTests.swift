import CordonDomain
import CordonStore
import Foundation
import Testing

/// A backup taken while the database is in use restores to exactly what was committed when it was taken.
@Suite struct BackupTests {
    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cordon-\(name)-\(UUID().uuidString).sqlite").path
    }

    static func residents(_ database: Database) async throws -> Int64 {
        try await database.read { try await $0.select("SELECT COUNT(*) FROM residents", binds: [], types: [.int]) }[0][0].int!
    }

    @Test func aBackupRoundTripsWhatWasCommittedWhenItWasTaken() async throws {
        try await StoreFixture.with("sqlite") { f in
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 30).utf8), actor: op, skipInvalid: false, reason: "seed")
            let copy = Self.temporary("backup")
            let restored = Self.temporary("restored")
            defer { for p in [copy, restored] { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + s) } } }
            // Writes carry on while the copy is taken; the copy holds what had committed.
            async let more = f.registry.importResidents(csv: Array(residentsCSV(count: 20, start: 100).utf8), actor: op, skipInvalid: false,
                                                       reason: "during")
            try await f.database.backup(to: copy)
            _ = try await more
            #expect(try await Self.residents(f.database) == 50)

            await #expect(throws: StoreError.self) { try await f.database.backup(to: copy) }
            try await Database.restore(backup: copy, to: restored)
            let back = try await Database.open(restored)
            let count = try await Self.residents(back)
            #expect(count == 30 || count == 50)
            #expect(try await back.appliedMigrations() == Migrations.all.map(\.version))
            let integrity = try await back.read { try await $0.execute("PRAGMA integrity_check", binds: [], returning: [.text]) }
            #expect(integrity.first?[0].text == "ok")
            await back.close()
        }
    }

    @Test func aFileThatIsNotABackupIsRefusedAndTheTargetLeftAlone() async throws {
        let junk = Self.temporary("junk")
        let target = Self.temporary("target")
        defer { for p in [junk, target] { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: p + s) } } }
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: junk))
        try Data("the old database".utf8).write(to: URL(fileURLWithPath: target))
        await #expect(throws: StoreError.self) { try await Database.restore(backup: junk, to: target) }
        await #expect(throws: StoreError.self) { try await Database.restore(backup: junk + ".missing", to: target) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the old database")
    }
}
