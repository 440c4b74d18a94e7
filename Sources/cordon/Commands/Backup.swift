import ArgumentParser
import CordonStore
import Foundation

/// A failure that is not a usage mistake: the message alone, on standard error, and a failing exit status.
private func fail(_ message: String) throws -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    throw ExitCode.failure
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the SQLite database to a file while it serves (PostgreSQL: use pg_dump --format=custom).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "Where to write the copy; must not exist yet.") var file: String

    func run() async throws {
        let database = try await Database.open(db.url(Settings.fromEnvironment()))
        do {
            try await database.backup(to: file)
        } catch {
            await database.close()
            try fail("backup failed: \(error)")
        }
        await database.close()
        print("backed up to \(file) (integrity checked)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the SQLite database with a backup; stop the server first (PostgreSQL: use pg_restore).")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "A file written by `cordon backup`.") var file: String

    func run() async throws {
        let target = db.url(Settings.fromEnvironment())
        do {
            try await Database.restore(backup: file, to: target.hasPrefix("sqlite://") ? String(target.dropFirst(9)) : target)
        } catch {
            try fail("restore failed: \(error)")
        }
        print("restored \(file) to \(target)")
    }
}
