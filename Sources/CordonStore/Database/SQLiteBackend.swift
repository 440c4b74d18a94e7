import Foundation
import Logging
import NIOPosix
import SQLiteKit
import SQLKit

/// SQLite in WAL mode: one writer connection behind a gate (SQLite admits one writer at a time anyway) and a few
/// reader connections that never block it. `synchronous=FULL` makes every acknowledged commit durable. Pages are read
/// through a memory map: a screening round probes the ID-number index a million times, and a mapped page costs no
/// system call and no copy.
///
/// The writer runs on a thread of its own. SQLite's calls block, so they run on a thread pool; on the shared pool a
/// write waited behind whatever reads were queued there, and the one writer is what every request that changes
/// anything is waiting for.
final class SQLiteBackend: DatabaseBackend {
    private let writer: SQLiteConnection
    private let writerThread: NIOThreadPool
    private let readers: [SQLiteConnection]
    private let quick: SQLiteQuickReads
    private let policies: PolicyBook
    private let clock: Clock
    private let gate = AsyncGate()
    private let next = AtomicCounter()

    init(path: String, logger: Logger, policies: PolicyBook, clock: Clock, readerCount: Int = 3) async throws {
        self.clock = clock
        self.policies = policies
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .notice)
        let thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        let writer: SQLiteConnection
        do {
            writer = try await SQLiteConnection.open(storage: .file(path: path), threadPool: thread, logger: quiet,
                                                     on: MultiThreadedEventLoopGroup.singleton.any())
        } catch {
            try? await thread.shutdownGracefully()
            throw error
        }
        do {
            for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
                           "PRAGMA busy_timeout=10000", "PRAGMA cache_size=-65536", "PRAGMA temp_store=MEMORY", "PRAGMA mmap_size=1073741824",
                           "PRAGMA journal_size_limit=67108864"] {
                _ = try await writer.query(pragma, [])
            }
        } catch {
            // Not a database, or not one we may write: close what was opened before saying so.
            try? await writer.close()
            try? await thread.shutdownGracefully()
            throw error
        }
        self.writer = writer
        writerThread = thread
        var opened: [SQLiteConnection] = []
        for _ in 0..<readerCount {
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: quiet)
            _ = try await reader.query("PRAGMA busy_timeout=10000", [])
            _ = try await reader.query("PRAGMA foreign_keys=ON", [])
            _ = try await reader.query("PRAGMA cache_size=-32768", [])
            _ = try await reader.query("PRAGMA mmap_size=1073741824", [])
            opened.append(reader)
        }
        readers = opened
        quick = try SQLiteQuickReads(path: path, count: 4)
    }

    func write<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let session = Session(sqlite: writer, policies: policies, clock: clock)
            let sql = session.sql
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(session)
                try await sql.raw("COMMIT").run()
                await gate.leave()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// Copies the write-ahead log into the database file and empties it. A bulk load leaves its whole size in the log,
    /// and until the log is emptied every read of those pages goes through the log's index and a system call rather
    /// than the memory map.
    func checkpoint() async throws {
        await gate.enter()
        do {
            _ = try await writer.query("PRAGMA wal_checkpoint(TRUNCATE)", [])
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
    }

    func read<T: Sendable>(_ body: @Sendable (Session) async throws -> T) async throws -> T {
        let reader = readers[next.increment() % readers.count]
        return try await body(Session(sqlite: reader, policies: policies, clock: clock))
    }

    func quickSelect<Read: QuickRead>(_ read: Read.Type, binds: [SQLValue]) async throws -> [[SQLValue]] {
        try quick.select(Read.statement.sql, binds: binds, types: Read.statement.types)
    }

    func close() async {
        quick.close()
        for reader in readers { try? await reader.close() }
        try? await writer.close()
        try? await writerThread.shutdownGracefully()
    }
}
