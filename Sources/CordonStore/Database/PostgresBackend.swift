import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool. The pool runs in a task owned by this backend.
final class PostgresBackend: DatabaseBackend {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger
    private let policies: PolicyBook
    private let clock: Clock
    let redactedURL: String

    init(url: String, logger: Logger, policies: PolicyBook, clock: Clock) throws {
        self.clock = clock
        self.policies = policies
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
            throw StoreError(.badConfiguration, "not a PostgreSQL URL: \(url)")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let user = parts.user ?? "postgres"
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.maximumConnections = 16
        client = PostgresClient(configuration: configuration)
        let client = self.client
        runner = Task { await client.run() }
        self.logger = logger
        redactedURL = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database)"
    }

    func write<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(Session(postgres: connection, policies: policies, clock: clock))
            }
        } catch let error as PostgresTransactionError {
            // The pool wraps what the body threw; callers expect the same errors as on SQLite.
            if let inner = error.closureError, error.rollbackError == nil { throw Self.translate(inner) }
            throw Self.translate(error.beginError ?? error.commitError ?? error.rollbackError ?? error)
        } catch {
            throw Self.translate(error)
        }
    }

    /// PostgreSQL checkpoints by itself, but after a bulk load the planner still believes the tables empty until
    /// autovacuum gets round to them; the statistics are gathered at once instead.
    func checkpoint() async throws {
        _ = try await read { session in try await session.execute("ANALYZE", binds: []) }
    }

    func quickSelect<Read: QuickRead>(_ read: Read.Type, binds: [SQLValue]) async throws -> [[SQLValue]] {
        do {
            var rows: [[SQLValue]] = []
            for try await row in try await client.execute(PreparedQuickRead<Read>(binds: binds), logger: logger) { rows.append(row) }
            return rows
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "0A000" {
            // "cached plan must not change result type": the schema changed under a kept statement (another server
            // migrated). PostgresNIO keeps it for the connection's life, so such a connection reads unprepared.
            let statement = Read.statement
            return try await self.read { try await $0.select(statement.sql, binds: binds, types: statement.types) }
        } catch {
            throw Self.translate(error)
        }
    }

    func read<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await body(Session(postgres: connection, policies: policies, clock: clock))
            }
        } catch {
            throw Self.translate(error)
        }
    }

    /// PostgresNIO hides the server's words to keep bound values out of logs; the server's message and SQLSTATE
    /// carry none, so they become the store's error, and a unique violation becomes a conflict as on SQLite.
    static func translate(_ error: any Error) -> any Error {
        guard let psql = error as? PSQLError else { return error }
        guard let info = psql.serverInfo else { return StoreError(.unavailable, "PostgreSQL: \(psql.code)") }
        let state = info[.sqlState] ?? "?"
        let message = "PostgreSQL \(state): \(info[.message] ?? "error")"
        return StoreError(state == "23505" ? .conflict : .unavailable, message)
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }
}
