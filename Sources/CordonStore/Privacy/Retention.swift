import CordonDomain

/// Deletes movement records once they are older than the policy keeps them (`TracingPolicy.movementRetentionDays`):
/// venue visits and check-ins, checkpoint passages, daily travel registrations. Retention was never defined in the
/// seeds' systems; here the clock enforces it, and the journal says what went and why.
///
/// The cut-off moves by whole hours, so once caught up the clock deletes (and journals) at most once an hour; a backlog
/// goes a day at a time, each day its own transaction, so the writer is never held for long.
public struct Retention: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    public struct Purged: Sendable, Hashable {
        public var visits = 0
        public var passages = 0
        public var registrations = 0
        public var total: Int { visits + passages + registrations }
    }

    /// The moment before which movement records are deleted at `now`.
    public func cutoff(now: Int64) -> Int64 {
        let days = Int64(database.policies.inForce(at: now).tracing.movementRetentionDays)
        let cutoff = now - days * 86_400
        return cutoff - ((cutoff % 3_600) + 3_600) % 3_600
    }

    @discardableResult
    public func purge(now: Int64? = nil) async throws -> Purged {
        let now = now ?? clock.now()
        let cutoff = cutoff(now: now)
        let days = database.policies.inForce(at: now).tracing.movementRetentionDays
        var purged = Purged()
        while let oldest = try await oldest(before: cutoff) {
            let until = min(cutoff, oldest + 86_400)
            let slice = try await database.write { session in
                try await Self.delete(session, before: until, days: days)
            }
            purged.visits += slice.visits
            purged.passages += slice.passages
            purged.registrations += slice.registrations
        }
        return purged
    }

    private func oldest(before cutoff: Int64) async throws -> Int64? {
        let day = CivilDate(unixTime: cutoff).description
        let row = try await database.read { session in
            try await session.select("""
                SELECT (SELECT MIN(entered_at) FROM venue_visits), (SELECT MIN(at) FROM passages),
                       (SELECT MIN(day) FROM travel_registrations)
                """, binds: [], types: [.int, .int, .text]).first
        }
        guard let row else { return nil }
        var candidates = [row[0].int, row[1].int].compactMap { $0 }.filter { $0 < cutoff }
        // A registration is for a day; one from before the cut-off's day counts as at the cut-off's moment minus a day.
        if let first = row[2].text, first < day { candidates.append(cutoff - 86_400) }
        return candidates.min()
    }

    static func delete(_ session: Session, before until: Int64, days: Int) async throws -> Purged {
        var purged = Purged()
        let day = CivilDate(unixTime: until).description
        purged.visits = try await session.count("SELECT COUNT(*) FROM venue_visits WHERE entered_at < ?", [.int(until)])
        try await session.execute("DELETE FROM venue_visits WHERE entered_at < ?", binds: [.int(until)])
        purged.passages = try await session.count("""
            SELECT COUNT(*) FROM passages WHERE at < ? OR registration_id IN (SELECT id FROM travel_registrations WHERE day < ?)
            """, [.int(until), .text(day)])
        try await session.execute("""
            DELETE FROM passages WHERE at < ? OR registration_id IN (SELECT id FROM travel_registrations WHERE day < ?)
            """, binds: [.int(until), .text(day)])
        purged.registrations = try await session.count("SELECT COUNT(*) FROM travel_registrations WHERE day < ?", [.text(day)])
        try await session.execute("DELETE FROM travel_registrations WHERE day < ?", binds: [.text(day)])
        if purged.total > 0 {
            let clock = Actor(userID: nil, name: "system", role: .admin,
                              jurisdiction: Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath()))
            try await Journal.append(session, actor: clock, action: "retention.purge", subjectType: "movement_records",
                                     subjectID: LocalTime.text(until), reason: "older than \(days) days",
                                     detail: "visits=\(purged.visits) passages=\(purged.passages) registrations=\(purged.registrations)")
        }
        return purged
    }
}

extension Session {
    fileprivate func count(_ sql: String, _ binds: [SQLValue]) async throws -> Int {
        Int(try await select(sql, binds: binds, types: [.int]).first?[0].int ?? 0)
    }
}
