import SQLKit

/// The append-only record of state changes. Callers append inside the transaction that makes the change,
/// so a change and its journal row commit or vanish together.
public enum Journal {
    public static func append(_ session: Session, actor: Actor, action: String, subjectType: String,
                              subjectID: String, reason: String, detail: String = "") async throws {
        try await session.sql.raw("""
            INSERT INTO journal (at, actor_id, actor, action, subject_type, subject_id, reason, detail)
            VALUES (\(bind: session.clock.now()), \(bind: actor.userID), \(bind: actor.name), \(bind: action), \(bind: subjectType),
                    \(bind: subjectID), \(bind: reason), \(bind: detail))
            """).run()
    }
}

/// One journal row as read back.
public struct JournalEntry: Sendable, Hashable, Codable {
    public let id: Int64
    public let at: Int64
    public let actor: String
    public let action: String
    public let subjectType: String
    public let subjectID: String
    public let reason: String
    public let detail: String
}

extension Database {
    /// The most recent journal rows, newest first, optionally for one subject.
    public func journal(subjectType: String? = nil, subjectID: String? = nil, limit: Int = 100) async throws -> [JournalEntry] {
        try await read { session in let db = session.sql
            var query = SQLQueryString("SELECT id, at, actor, action, subject_type, subject_id, reason, detail FROM journal")
            if let subjectType, let subjectID {
                query.appendInterpolation(unsafeRaw: " WHERE subject_type = ")
                query.appendInterpolation(bind: subjectType)
                query.appendInterpolation(unsafeRaw: " AND subject_id = ")
                query.appendInterpolation(bind: subjectID)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(max(1, min(limit, 1000)))")
            return try await db.raw(query).all().map { row in
                JournalEntry(id: try row.decode(column: "id"), at: try row.decode(column: "at"), actor: try row.decode(column: "actor"),
                             action: try row.decode(column: "action"), subjectType: try row.decode(column: "subject_type"),
                             subjectID: try row.decode(column: "subject_id"), reason: try row.decode(column: "reason"),
                             detail: try row.decode(column: "detail"))
            }
        }
    }
}
