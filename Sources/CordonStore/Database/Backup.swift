import Foundation

/// Copies of the embedded database, taken while it serves and put back while it does not. On PostgreSQL the
/// database's own tools do this (`pg_dump --format=custom` and `pg_restore`), and these methods say so.
extension Database {
    /// Writes a consistent copy of the whole database to `path` while readers and the writer carry on: `VACUUM INTO`
    /// reads one snapshot, so a write committed during the copy is either wholly in it or wholly not. The copy is
    /// checked before this returns.
    public func backup(to path: String) async throws {
        guard kind == .sqlite else {
            throw StoreError(.badConfiguration, "PostgreSQL is backed up with pg_dump --format=custom and restored with pg_restore")
        }
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError(.conflict, "\(path) already exists") }
        try await read { session in try await session.execute("VACUUM INTO ?", binds: [.text(path)]) }
        try await Self.check(backup: path)
    }

    /// Puts a backup in place of the SQLite database at `path`, which no server may have open. The backup is checked
    /// first (integrity and schema), copied beside the target and renamed over it, so the target is either the old
    /// database or the whole backup, never a mixture.
    public static func restore(backup: String, to path: String) async throws {
        guard !(path.hasPrefix("postgres://") || path.hasPrefix("postgresql://")) else {
            throw StoreError(.badConfiguration, "PostgreSQL is restored with pg_restore")
        }
        try await check(backup: backup)
        let files = FileManager.default
        let staging = path + ".restoring"
        try? files.removeItem(atPath: staging)
        try files.copyItem(atPath: backup, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? files.removeItem(atPath: path + suffix) }
        guard rename(staging, path) == 0 else { throw StoreError(.unavailable, "cannot move the backup into place at \(path)") }
    }

    /// A backup is a Cordon database that passes SQLite's integrity check.
    static func check(backup path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError(.notFound, "no backup at \(path)") }
        let database: Database
        do { database = try await Database.open(path) } catch { throw StoreError(.invalid, "\(path) is not a SQLite database") }
        do {
            let integrity = try await database.read { session in
                try await session.execute("PRAGMA integrity_check", binds: [], returning: [.text]).compactMap { $0[0].text }
            }
            guard integrity == ["ok"] else { throw StoreError(.invalid, "\(path) fails the integrity check: \(integrity.prefix(3).joined(separator: "; "))") }
            guard let versions = try? await database.appliedMigrations(), !versions.isEmpty else {
                throw StoreError(.invalid, "\(path) is not a Cordon database")
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
