import CordonDomain

/// A place on a case's trajectory made public with its exposure window; its visitors in the window are asked to test.
public struct RiskPoint: Sendable, Hashable, Codable {
    public let id: Int64
    public let venueID: Int64
    public let venueName: String
    public let areaName: String
    public let caseID: Int64
    public let startsAt: Int64
    public let endsAt: Int64
    public let lifted: Bool
    public let visitors: Int
}

/// A visitor of a risk point and whether the test it asks for has been taken.
public struct RiskPointVisitor: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let address: String
    public let visitedAt: Int64
    public let testedAt: Int64?
}

extension Tracing {
    /// Makes a venue on the case's trajectory a risk point: the window is the case's presence there (a scan or an
    /// interview entry, as listed) widened by the policy's margin after. Everyone whose visit touched the window gets
    /// the measure at once: a code fact and a test order, in the same transaction.
    @discardableResult
    public func markRiskPoint(caseID: Int64, venueID: Int64, span: Presence, actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        return try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            let trajectory = try await Self.trajectory(session, record, now: now)
            guard trajectory.items.contains(where: { $0.venueID == venueID && $0.startedAt == span.start && $0.endedAt == span.end }) else {
                throw TracingFailure([TracingError(.notAVenueEntry, field: "venue_id")])
            }
            let policy = policy(at: now)
            let window = Presence(start: span.start, end: span.end + Int64(policy.riskPointMarginMinutes) * 60)
            guard let id = try await session.execute("""
                INSERT INTO risk_points (venue_id, case_id, starts_at, ends_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id
                """, binds: [.int(venueID), .int(caseID), .int(window.start), .int(window.end), .text(actor.name), .int(now)], returning: [.int]).first?[0].int
            else { throw StoreError(.conflict, "this place and time is already a risk point") }
            let visitors = try await session.execute("""
                INSERT INTO risk_point_visits (risk_point_id, resident_id, visited_at)
                SELECT ?, resident_id, MIN(entered_at) FROM venue_visits
                WHERE venue_id = ? AND entered_at >= ? AND entered_at <= ? AND left_at >= ? AND resident_id <> ?
                GROUP BY resident_id
                RETURNING resident_id
                """, binds: [.int(id), .int(venueID), .int(window.start - Int64(policy.longestVisitHours) * 3_600), .int(window.end), .int(window.start),
                             .int(record.residentID)], returning: [.int]).compactMap { $0[0].int }
            try await Journal.append(session, actor: actor, action: "risk_point.mark", subjectType: "venue", subjectID: "\(venueID)",
                                     reason: "case \(caseID)", detail: "risk point \(id): \(visitors.count) visitors to test")
            if !visitors.isEmpty { try await CodeRefresh.run(session, .ids(visitors), now: now) }
            return id
        }
    }

    /// Lifts a risk point marked in error; its visitors' measure ends with it.
    public func liftRiskPoint(_ id: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw TracingFailure([TracingError(.reasonMissing, field: "reason")]) }
        try await database.write { session in
            guard let r = try await session.select("SELECT case_id FROM risk_points WHERE id = ? AND lifted_at IS NULL", binds: [.int(id)],
                                                   types: [.int]).first else { throw StoreError(.notFound, "no such risk point") }
            _ = try await Self.caseRow(session, r[0].int!, actor: actor)
            try await session.execute("UPDATE risk_points SET lifted_at = ? WHERE id = ?", binds: [.int(now), .int(id)])
            try await Journal.append(session, actor: actor, action: "risk_point.lift", subjectType: "risk_point", subjectID: "\(id)", reason: reason)
            let visitors = try await session.select("SELECT resident_id FROM risk_point_visits WHERE risk_point_id = ?", binds: [.int(id)],
                                                    types: [.int]).compactMap { $0[0].int }
            if !visitors.isEmpty { try await CodeRefresh.run(session, .ids(visitors), now: now) }
        }
    }

    /// Risk points for the public page: not lifted, and whose window ended within the policy's days. No case or
    /// person is named, only the place and the time.
    public func publicRiskPoints(now: Int64? = nil) async throws -> [RiskPoint] {
        let now = now ?? clock.now()
        let days = policy(at: now).riskPointPublishDays
        return try await riskPoints(condition: "p.lifted_at IS NULL AND p.ends_at >= ?", binds: [.int(now - Int64(days) * 86_400)])
    }

    /// The risk points a case led to.
    public func riskPoints(caseID: Int64, actor: Actor) async throws -> [RiskPoint] {
        try actor.require(.readCases)
        _ = try await database.read { try await Self.caseRow($0, caseID, actor: actor) }
        return try await riskPoints(condition: "p.case_id = ?", binds: [.int(caseID)])
    }

    func riskPoints(condition: String, binds: [SQLValue]) async throws -> [RiskPoint] {
        try await database.read { session in
            try await session.select("""
                SELECT p.id, p.venue_id, v.name, a.name, p.case_id, p.starts_at, p.ends_at, p.lifted_at,
                       (SELECT COUNT(*) FROM risk_point_visits x WHERE x.risk_point_id = p.id)
                FROM risk_points p JOIN venues v ON v.id = p.venue_id JOIN areas a ON a.id = v.area_id
                WHERE \(condition) ORDER BY p.starts_at DESC, p.id
                """, binds: binds, types: [.int, .int, .text, .text, .int, .int, .int, .int, .int]).map { r in
                RiskPoint(id: r[0].int!, venueID: r[1].int!, venueName: r[2].text!, areaName: r[3].text!, caseID: r[4].int!, startsAt: r[5].int!,
                          endsAt: r[6].int!, lifted: r[7].int != nil, visitors: Int(r[8].int ?? 0))
            }
        }
    }

    /// Visitors of standing risk points who live in the actor's jurisdiction and have not been sampled since their
    /// visit: the test orders a grid worker goes door to door with.
    public func visitorsToTest(actor: Actor, limit: Int = 2_000) async throws -> [(point: RiskPoint, visitor: RiskPointVisitor)] {
        try actor.require(.readCases)
        let scope = actor.jurisdiction
        let points = Dictionary(try await riskPoints(condition: "p.lifted_at IS NULL", binds: []).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try await database.read { session in
            try await session.select("""
                SELECT x.risk_point_id, r.id, r.name, r.address, x.visited_at FROM risk_point_visits x
                JOIN risk_points p ON p.id = x.risk_point_id JOIN residents r ON r.id = x.resident_id
                WHERE p.lifted_at IS NULL AND \(scope.inside("r"))
                AND NOT EXISTS (SELECT 1 FROM tube_members m WHERE m.resident_id = r.id AND m.sampled_at >= x.visited_at)
                ORDER BY x.visited_at, r.id LIMIT \(max(1, min(limit, 50_000)))
                """, binds: [.int(scope.id)], types: [.int, .int, .text, .text, .int]).compactMap { r in
                guard let point = points[r[0].int!] else { return nil }
                return (point, RiskPointVisitor(residentID: r[1].int!, name: r[2].text!, address: r[3].text ?? "", visitedAt: r[4].int!, testedAt: nil))
            }
        }
    }

    /// A risk point's visitors living in the actor's jurisdiction, with the first sample each gave after the visit.
    public func visitors(riskPointID: Int64, actor: Actor) async throws -> [RiskPointVisitor] {
        try actor.require(.readCases)
        let scope = actor.jurisdiction
        return try await database.read { session in
            guard try await session.select("SELECT id FROM risk_points WHERE id = ?", binds: [.int(riskPointID)], types: [.int]).first != nil else {
                throw StoreError(.notFound, "no such risk point")
            }
            return try await session.select("""
                SELECT r.id, r.name, r.address, x.visited_at,
                       (SELECT MIN(m.sampled_at) FROM tube_members m WHERE m.resident_id = r.id AND m.sampled_at >= x.visited_at)
                FROM risk_point_visits x JOIN residents r ON r.id = x.resident_id
                WHERE x.risk_point_id = ? AND \(scope.inside("r")) ORDER BY r.name, r.id
                """, binds: [.int(riskPointID), .int(scope.id)], types: [.int, .text, .text, .int, .int]).map { r in
                RiskPointVisitor(residentID: r[0].int!, name: r[1].text!, address: r[2].text ?? "", visitedAt: r[3].int!, testedAt: r[4].int)
            }
        }
    }
}
