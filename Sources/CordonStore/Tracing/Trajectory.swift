import CordonDomain

/// One place on a case's trajectory: a venue scan, or an entry the epidemiologist took in interview.
public struct TrajectoryItem: Sendable, Hashable, Codable {
    public enum Source: String, Sendable, Codable { case scan, interview }
    /// The interview entry's id; nil for a scan.
    public let entryID: Int64?
    public let source: Source
    public let venueID: Int64?
    public let venueCode: String?
    public let place: String
    public let startedAt: Int64
    public let endedAt: Int64
    public let note: String

    public var span: Presence { Presence(start: startedAt, end: endedAt) }
}

/// A case's trajectory: the exposure window and everything in it, in time order.
public struct Trajectory: Sendable, Hashable, Codable {
    public let caseID: Int64
    public let window: Presence
    public let items: [TrajectoryItem]
}

extension Tracing {
    /// Built at once from the person's venue visits inside the exposure window, merged with the interview entries
    /// still standing.
    public func trajectory(caseID: Int64, actor: Actor, now: Int64? = nil) async throws -> Trajectory {
        let now = now ?? clock.now()
        try actor.require(.readCases)
        return try await database.read { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            return try await Self.trajectory(session, record, now: now)
        }
    }

    static func trajectory(_ session: Session, _ record: CaseRecord, now: Int64) async throws -> Trajectory {
        let policy = session.policy(at: now).tracing
        let window = record.window(now: now, policy: policy)
        var items = try await scans(session, residentID: record.residentID, window: window, policy: policy).map { v in
            TrajectoryItem(entryID: nil, source: .scan, venueID: v.venueID, venueCode: v.code, place: v.name, startedAt: v.span.start,
                           endedAt: v.span.end, note: "")
        }
        items += try await session.select("""
            SELECT e.id, e.venue_id, v.code, e.place, e.started_at, e.ended_at, e.note FROM trajectory_entries e
            LEFT JOIN venues v ON v.id = e.venue_id WHERE e.case_id = ? AND e.removed_at IS NULL
            """, binds: [.int(record.id)], types: [.int, .int, .text, .text, .int, .int, .text]).map { r in
            TrajectoryItem(entryID: r[0].int, source: .interview, venueID: r[1].int, venueCode: r[2].text, place: r[3].text!,
                           startedAt: r[4].int!, endedAt: r[5].int!, note: r[6].text ?? "")
        }
        items.sort { ($0.startedAt, $0.endedAt, $0.place) < ($1.startedAt, $1.endedAt, $1.place) }
        return Trajectory(caseID: record.id, window: window, items: items)
    }

    struct Scan {
        let venueID: Int64
        let code: String
        let name: String
        let span: Presence
    }

    /// A person's venue visits that touch `window`. Visits are indexed by their start, so the scan starts the
    /// policy's longest visit before the window.
    static func scans(_ session: Session, residentID: Int64, window: Presence, policy: TracingPolicy) async throws -> [Scan] {
        try await session.select("""
            SELECT x.venue_id, v.code, v.name, x.entered_at, x.left_at FROM venue_visits x JOIN venues v ON v.id = x.venue_id
            WHERE x.resident_id = ? AND x.entered_at >= ? AND x.entered_at <= ? AND x.left_at >= ?
            """, binds: [.int(residentID), .int(window.start - Int64(policy.longestVisitHours) * 3_600), .int(window.end), .int(window.start)],
            types: [.int, .text, .text, .int, .int]).map { r in
            Scan(venueID: r[0].int!, code: r[1].text!, name: r[2].text!, span: Presence(start: r[3].int!, end: r[4].int!))
        }
    }

    /// Adds a place the case named in interview. A venue is named by its code (then co-presence finds contacts
    /// there); a place without a code is kept as told. The span must lie in the exposure window.
    @discardableResult
    public func addEntry(caseID: Int64, venueCode: String?, place: String, span: Presence, note: String, actor: Actor,
                         now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let code = venueCode?.trimmingSpaces() ?? ""
        let place = place.trimmingSpaces()
        return try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            guard record.closedAt == nil else { throw TracingFailure([TracingError(.caseClosed, field: "case")]) }
            var problems: [TracingError] = []
            var venue: (id: Int64, name: String)?
            if !code.isEmpty {
                if let r = try await session.select("SELECT id, name FROM venues WHERE code = ?", binds: [.text(code)], types: [.int, .text]).first {
                    venue = (r[0].int!, r[1].text!)
                } else {
                    problems.append(TracingError(.unknownVenue, field: "venue_code"))
                }
            } else if place.isEmpty {
                problems.append(TracingError(.unknownVenue, field: "place"))
            }
            if place.count > 200 || note.count > 1_000 { problems.append(TracingError(.tooLong, field: place.count > 200 ? "place" : "note")) }
            // `Presence` clamps a reversed span to empty, so an empty span is the only case left.
            if span.end == span.start { problems.append(TracingError(.emptySpan, field: "ended_at")) }
            else if !span.overlaps(record.window(now: now, policy: policy(at: now))) { problems.append(TracingError(.outsideWindow, field: "started_at")) }
            guard problems.isEmpty else { throw TracingFailure(problems) }
            let id = try await session.execute("""
                INSERT INTO trajectory_entries (case_id, venue_id, place, started_at, ended_at, note, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, binds: [.int(caseID), SQLValue.int(venue?.id), .text(place.isEmpty ? venue!.name : place), .int(span.start), .int(span.end),
                             .text(note.trimmingSpaces()), .text(actor.name), .int(now)], returning: [.int]).first![0].int!
            try await Journal.append(session, actor: actor, action: "case.trajectory.add", subjectType: "resident",
                                     subjectID: "\(record.residentID)", reason: "interview", detail: "case \(caseID), entry \(id)")
            return id
        }
    }

    /// Withdraws an interview entry that proved wrong; it stays in the table with the reason.
    public func removeEntry(caseID: Int64, entryID: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw TracingFailure([TracingError(.reasonMissing, field: "reason")]) }
        try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            guard try await session.execute("""
                UPDATE trajectory_entries SET removed_at = ?, removed_reason = ? WHERE id = ? AND case_id = ? AND removed_at IS NULL RETURNING id
                """, binds: [.int(now), .text(reason), .int(entryID), .int(caseID)], returning: [.int]).first != nil
            else { throw StoreError(.notFound, "no such entry") }
            try await Journal.append(session, actor: actor, action: "case.trajectory.remove", subjectType: "resident",
                                     subjectID: "\(record.residentID)", reason: reason, detail: "case \(caseID), entry \(entryID)")
        }
    }
}
