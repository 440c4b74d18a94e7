/// Inserts rows in batches while the caller builds the next batch: the insert runs on the database's thread while
/// the caller's CPU work continues on another core. At most one batch is in flight, so memory stays bounded.
public struct BulkWriter: Sendable {
    let session: Session
    let table: String
    let columns: [String]
    let batchSize: Int
    private var buffer: [[SQLValue]] = []
    private var inFlight: Task<Void, any Error>?
    public private(set) var written = 0

    public init(session: Session, table: String, columns: [String], batchSize: Int = 20_000) {
        self.session = session
        self.table = table
        self.columns = columns
        self.batchSize = batchSize
        buffer.reserveCapacity(batchSize)
    }

    public mutating func append(_ row: [SQLValue]) async throws {
        buffer.append(row)
        if buffer.count >= batchSize { try await flush() }
    }

    /// Writes what is buffered and waits for every batch. Call it, or `abandon`, before the transaction ends.
    public mutating func finish() async throws {
        try await flush()
        try await inFlight?.value
        inFlight = nil
    }

    /// Waits for the batch in flight without writing more, so a transaction can roll back with the connection idle.
    public mutating func abandon() async {
        _ = try? await inFlight?.value
        inFlight = nil
    }

    private mutating func flush() async throws {
        guard !buffer.isEmpty else { return }
        try await inFlight?.value
        let (session, table, columns, batch) = (self.session, self.table, self.columns, buffer)
        written += batch.count
        inFlight = Task { try await session.insert(into: table, columns: columns, rows: batch) }
        buffer.removeAll(keepingCapacity: true)
    }
}
