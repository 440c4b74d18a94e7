import CSQLiteCalls
import Synchronization

/// Reader connections of their own for the single statements nearly every request makes: the session behind a token,
/// a citizen's code. Each keeps its statements prepared and runs them on the calling thread.
///
/// Through sqlite-nio a statement is parsed again on every call, run on a thread pool, and each row sent back through
/// an event loop; for a one-row lookup over cached pages that cost several times the read itself (parsing alone took a
/// fifth of the server's time under load). A statement here is parsed once per connection and takes microseconds, so
/// blocking the calling thread for it is cheaper than any hop. SQLite re-prepares a kept statement by itself if the
/// schema changes. The connections are in WAL mode like the others, so they never wait for the writer.
final class SQLiteQuickReads: Sendable {
    private let connections: [Slot]
    private let next = AtomicCounter()

    init(path: String, count: Int) throws {
        var opened: [Slot] = []
        for _ in 0..<count { opened.append(Slot(try QuickConnection(path: path))) }
        connections = opened
    }

    func select(_ sql: String, binds: [SQLValue], types: [SQLColumnType]) throws -> [[SQLValue]] {
        let start = next.increment()
        // A free connection if there is one; otherwise wait for the next in turn.
        for i in 0..<connections.count {
            let slot = connections[(start + i) % connections.count]
            if let rows = try slot.connection.withLockIfAvailable({ try $0.select(sql, binds: binds, types: types) }) { return rows }
        }
        return try connections[start % connections.count].connection.withLock { try $0.select(sql, binds: binds, types: types) }
    }

    /// Closes every connection; a select afterwards is an error, as on the database's other connections.
    func close() {
        for slot in connections { slot.connection.withLock { $0.close() } }
    }
}

/// A `Mutex` cannot sit in an array (it is not copyable), so each lives in a box.
private final class Slot: Sendable {
    let connection: Mutex<QuickConnection>
    init(_ connection: sending QuickConnection) { self.connection = Mutex(connection) }
}

/// One connection and the statements prepared on it. Used only under its `Mutex`, one thread at a time, which is
/// what SQLite's multi-thread mode (the connection is opened without its own mutex) requires.
final class QuickConnection {
    private let db: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]
    private var closed = false
    /// The few hot statements fit many times over; an unbounded set of distinct statements would be a caller's bug.
    private let capacity = 64

    init(path: String) throws {
        var handle: OpaquePointer?
        let rc = cordon_sqlite_open(path, &handle)
        guard rc == CORDON_SQLITE_OK, let handle else {
            if let handle { cordon_sqlite_close(handle) }
            throw StoreError(.unavailable, "cannot open \(path) for quick reads (SQLite code \(rc))")
        }
        db = handle
        for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA query_only=1", "PRAGMA cache_size=-16384", "PRAGMA mmap_size=1073741824"] {
            guard cordon_sqlite_exec(db, pragma) == CORDON_SQLITE_OK else {
                let message = String(cString: cordon_sqlite_errmsg(db))
                cordon_sqlite_close(db)
                throw StoreError(.unavailable, "cannot set up quick reads: \(message)")
            }
        }
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        for statement in statements.values { cordon_sqlite_finalize(statement) }
        statements.removeAll()
        cordon_sqlite_close(db)
    }

    func select(_ sql: String, binds: [SQLValue], types: [SQLColumnType]) throws -> [[SQLValue]] {
        guard !closed else { throw StoreError(.unavailable, "the database is closed") }
        let statement = try prepared(sql)
        defer { cordon_sqlite_reset(statement) }
        for (i, bind) in binds.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32 = switch bind {
            case .int(let v): cordon_sqlite_bind_int64(statement, index, v)
            case .text(let v): v.utf8.withContiguousStorageIfAvailable { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { cordon_sqlite_bind_text(statement, index, $0.baseAddress, Int32($0.count)) }
                } ?? cordon_sqlite_bind_text(statement, index, v, -1)
            case .null: cordon_sqlite_bind_null(statement, index)
            }
            try check(rc)
        }
        var rows: [[SQLValue]] = []
        while true {
            let rc = cordon_sqlite_step(statement)
            if rc == CORDON_SQLITE_DONE { return rows }
            guard rc == CORDON_SQLITE_ROW else { try check(rc); return rows }
            // As `Session.select` reads them: as many columns as both the row and `types` have.
            let count = min(Int(cordon_sqlite_column_count(statement)), types.count)
            var row: [SQLValue] = []
            row.reserveCapacity(count)
            for (i, type) in types.prefix(count).enumerated() {
                let column = Int32(i)
                switch (cordon_sqlite_column_type(statement, column), type) {
                case (CORDON_SQLITE_INTEGER, _): row.append(.int(cordon_sqlite_column_int64(statement, column)))
                case (CORDON_SQLITE_TEXT, .text): row.append(.text(text(statement, column)))
                case (CORDON_SQLITE_TEXT, .int): row.append(Int64(text(statement, column)).map { .int($0) } ?? .null)
                default: row.append(.null)
                }
            }
            rows.append(row)
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= capacity {
            for statement in statements.values { cordon_sqlite_finalize(statement) }
            statements.removeAll()
        }
        var statement: OpaquePointer?
        try check(cordon_sqlite_prepare(db, sql, &statement))
        guard let statement else { throw StoreError(.invalid, "empty statement") }
        statements[sql] = statement
        return statement
    }

    private func text(_ statement: OpaquePointer, _ column: Int32) -> String {
        guard let bytes = cordon_sqlite_column_text(statement, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(cordon_sqlite_column_bytes(statement, column))), as: UTF8.self)
    }

    private func check(_ rc: Int32) throws {
        guard rc == CORDON_SQLITE_OK || rc == CORDON_SQLITE_ROW || rc == CORDON_SQLITE_DONE else {
            throw StoreError(.unavailable, "SQLite: \(String(cString: cordon_sqlite_errmsg(db))) (code \(rc))")
        }
    }
}
