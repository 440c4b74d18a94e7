import Foundation
import Logging
import SQLKit

/// The one way into storage: transactions for writes, plain sessions for reads, on SQLite or PostgreSQL.
///
/// Repositories receive a `Session` inside `write` or `read` and issue portable SQL through its SQLKit handle; the
/// dialect differences that remain (column types in DDL, sequence upkeep, bulk binds) are answered by `kind`.
public struct Database: Sendable {
    public enum Kind: String, Sendable {
        case sqlite
        case postgres
    }

    public let kind: Kind
    /// Where the data lives, with any password removed, for logs and the CLI.
    public let location: String
    let backend: any DatabaseBackend
    /// The policy in force, shared with every session this database lends.
    public let policies: PolicyBook
    /// The time every repository reads, shared with every session this database lends.
    public let clock: Clock

    init(kind: Kind, location: String, backend: any DatabaseBackend, policies: PolicyBook, clock: Clock) {
        self.kind = kind
        self.location = location
        self.backend = backend
        self.policies = policies
        self.clock = clock
    }

    /// Opens `url`: a `postgres://` or `postgresql://` URL, or otherwise a SQLite file path (`sqlite://` optional).
    public static func open(_ url: String, clock: Clock = .system, logger: Logger = Logger(label: "cordon.store")) async throws -> Database {
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let policies = PolicyBook()
            let backend = try PostgresBackend(url: url, logger: logger, policies: policies, clock: clock)
            return Database(kind: .postgres, location: backend.redactedURL, backend: backend, policies: policies, clock: clock)
        }
        let path = url.hasPrefix("sqlite://") ? String(url.dropFirst("sqlite://".count)) : url
        let policies = PolicyBook()
        let backend = try await SQLiteBackend(path: path, logger: logger, policies: policies, clock: clock)
        return Database(kind: .sqlite, location: path, backend: backend, policies: policies, clock: clock)
    }

    /// Runs `body` in one transaction: all of it commits, or none of it does.
    public func write<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        try await backend.write(body)
    }

    /// Runs `body` on a connection that sees a consistent snapshot for each statement.
    public func read<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        try await backend.read(body)
    }

    /// One read statement on its own, for the lookups nearly every request makes (the session behind a token, a
    /// citizen's code). Its statement is prepared once per connection: on SQLite it runs on the calling thread, on
    /// PostgreSQL as a named statement on a pooled connection.
    public func quickSelect<Read: QuickRead>(_ read: Read.Type, binds: [SQLValue]) async throws -> [[SQLValue]] {
        try await backend.quickSelect(read, binds: binds)
    }

    /// After a bulk load: on SQLite, moves the write-ahead log into the database file so reads are direct again.
    public func checkpoint() async throws {
        try await backend.checkpoint()
    }

    public func close() async {
        await backend.close()
    }
}

protocol DatabaseBackend: Sendable {
    func write<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T
    func read<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T
    func quickSelect<Read: QuickRead>(_ read: Read.Type, binds: [SQLValue]) async throws -> [[SQLValue]]
    func checkpoint() async throws
    func close() async
}
