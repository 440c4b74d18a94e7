import CordonDomain
import SQLKit

/// How far a round has reached under one area.
public struct CoverageRow: Sendable, Hashable, Codable {
    public let areaID: Int64
    public let code: String
    public let name: String
    public let residents: Int
    public let sampled: Int
    public let exempt: Int
}

/// A resident's open screening order, for the grid worker who must act on it.
public struct OpenOrder: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let address: String
    public let action: String
    public let since: Int64
}

public enum ExemptionReason: String, Sendable, CaseIterable, Codable {
    /// Cannot come to a site: a sampler visits (home sampling).
    case bedridden
    /// Temporarily outside the area.
    case away
    /// Already positive or under treatment.
    case positive
}

extension Screening {
    /// Residents, sampled and exempt in a round, for each area at `level` under `area` (by default its children):
    /// the live picture a commander drills into. Down to communities the counts come from the round's population
    /// snapshot and counters; below, from residents and swabs themselves.
    public func coverage(round: Int64, area: Area, actor: Actor, level: AreaLevel? = nil) async throws -> [CoverageRow] {
        guard actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        return try await database.read { session in
            try await Self.requireRound(session, round)
            let targets: [Area]
            if let level {
                targets = try await session.sql.raw("""
                    SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE \(unsafeRaw: area.column()) = \(bind: area.id)
                    AND level = \(bind: level.rawValue) ORDER BY code
                    """).all().map(AreaRow.decode)
            } else {
                targets = try await session.sql.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE parent_id = \(bind: area.id) ORDER BY code")
                    .all().map(AreaRow.decode)
            }
            var rows: [CoverageRow] = []
            for childLevel in Set(targets.map(\.level)).sorted() {
                let child = "\(childLevel.rawValue)_id"
                let scope = area.column()
                func counts(_ sql: String, _ binds: [SQLValue]) async throws -> [Int64: Int] {
                    var out: [Int64: Int] = [:]
                    for row in try await session.select(sql, binds: binds, types: [.int, .int]) { if let id = row[0].int { out[id] = Int(row[1].int ?? 0) } }
                    return out
                }
                let residents = childLevel <= .community
                    ? try await counts("""
                        SELECT a.\(child), CAST(SUM(p.residents) AS BIGINT) FROM round_population p JOIN areas a ON a.id = p.area_id
                        WHERE p.round_id = ? AND a.\(scope) = ? GROUP BY a.\(child)
                        """, [.int(round), .int(area.id)])
                    : try await counts("SELECT r.\(child), COUNT(*) FROM residents r WHERE r.\(scope) = ? GROUP BY r.\(child)", [.int(area.id)])
                let sampled = childLevel <= .community
                    ? try await counts("""
                        SELECT a.\(child), CAST(SUM(c.sampled) AS BIGINT) FROM round_coverage c JOIN areas a ON a.id = c.area_id
                        WHERE c.round_id = ? AND a.\(scope) = ? GROUP BY a.\(child)
                        """, [.int(round), .int(area.id)])
                    : try await counts("""
                        SELECT r.\(child), COUNT(DISTINCT m.resident_id) FROM tube_members m JOIN residents r ON r.id = m.resident_id
                        WHERE m.round_id = ? AND r.\(scope) = ? GROUP BY r.\(child)
                        """, [.int(round), .int(area.id)])
                let exempt = try await counts("""
                    SELECT r.\(child), COUNT(*) FROM sampling_exemptions e JOIN residents r ON r.id = e.resident_id
                    WHERE e.round_id = ? AND r.\(scope) = ? GROUP BY r.\(child)
                    """, [.int(round), .int(area.id)])
                for target in targets where target.level == childLevel {
                    rows.append(CoverageRow(areaID: target.id, code: target.code, name: target.name, residents: residents[target.id] ?? 0,
                                            sampled: sampled[target.id] ?? 0, exempt: exempt[target.id] ?? 0))
                }
            }
            return rows
        }
    }

    /// Who under `area` has not been sampled in the round and is not exempt (应检尽检、不漏一人), masked.
    public func gaps(round: Int64, area: Area, actor: Actor, limit: Int = 5_000) async throws -> [ResidentListItem] {
        guard actor.may(.readResidents), actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        let today = CivilDate(unixTime: clock.now())
        return try await database.read { session in
            try await Self.requireRound(session, round)
            return try await session.select("""
                SELECT r.id, r.name, r.id_number_masked, r.phone_masked, r.address, r.birth_date FROM residents r
                WHERE \(area.inside("r"))
                AND NOT EXISTS (SELECT 1 FROM tube_members m WHERE m.round_id = ? AND m.resident_id = r.id)
                AND NOT EXISTS (SELECT 1 FROM sampling_exemptions e WHERE e.round_id = ? AND e.resident_id = r.id)
                ORDER BY r.address, r.id LIMIT \(max(1, min(limit, 100_000)))
                """, binds: [.int(area.id), .int(round), .int(round)], types: [.int, .text, .text, .text, .text, .text]).map { r in
                ResidentListItem(id: r[0].int!, name: r[1].text!, idNumber: r[2].text!, phone: r[3].text, address: r[4].text!,
                                 age: (CivilDate(iso: r[5].text ?? "") ?? today).age(on: today))
            }
        }
    }

    /// Records why a resident will not come to a site in this round.
    public func exempt(round: Int64, residentID: Int64, reason: ExemptionReason, actor: Actor) async throws {
        try actor.require(.recordExemptions)
        let scope = actor.jurisdiction
        try await database.write { session in
            guard try await session.sql.raw("SELECT id FROM residents WHERE id = \(bind: residentID) AND \(unsafeRaw: scope.column()) = \(bind: scope.id)")
                .first() != nil else { throw StoreError(.notFound, "no such resident") }
            guard try await session.sql.raw("SELECT id FROM screening_rounds WHERE id = \(bind: round)").first() != nil else {
                throw ScreeningFailure([ScreeningIssue(.unknownRound)])
            }
            try await session.sql.raw("DELETE FROM sampling_exemptions WHERE round_id = \(bind: round) AND resident_id = \(bind: residentID)").run()
            try await session.sql.raw("""
                INSERT INTO sampling_exemptions (round_id, resident_id, reason, created_by, created_at)
                VALUES (\(bind: round), \(bind: residentID), \(bind: reason.rawValue), \(bind: actor.name), \(bind: clock.now()))
                """).run()
            try await Journal.append(session, actor: actor, action: "round.exempt", subjectType: "resident", subjectID: "\(residentID)",
                                     reason: reason.rawValue, detail: "round \(round)")
        }
    }

    /// Open orders under the actor's jurisdiction: who is under temporary control, who must be retested or resampled.
    public func openOrders(actor: Actor) async throws -> [OpenOrder] {
        try actor.require(.readResidents)
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT r.id, r.name, r.address, o.action, o.created_at FROM screening_orders o JOIN residents r ON r.id = o.resident_id
                WHERE o.closed_at IS NULL AND \(scope.inside("r")) ORDER BY o.created_at DESC, r.id LIMIT 5000
                """, binds: [.int(scope.id)], types: [.int, .text, .text, .text, .int]).map { r in
                OpenOrder(residentID: r[0].int!, name: r[1].text!, address: r[2].text!, action: r[3].text!, since: r[4].int!)
            }
        }
    }

    /// Tubes by status in a round, and how many are past the policy's turnaround limit without a result.
    public func progress(round: Int64, now: Int64? = nil) async throws -> (byStatus: [String: Int], overdue: Int) {
        let now = now ?? clock.now()
        return try await database.read { session in
            guard let policyID = try await session.sql.raw("SELECT policy FROM screening_rounds WHERE id = \(bind: round)").first()?
                .decode(column: "policy", as: String.self) else { throw StoreError(.notFound, "no such round") }
            let limit = Int64(PolicyPreset.named(policyID)?.screening.turnaroundHours[.screening] ?? 24) * 3600
            var byStatus: [String: Int] = [:]
            for row in try await session.select("SELECT status, COUNT(*) FROM tubes WHERE round_id = ? GROUP BY status",
                                                binds: [.int(round)], types: [.text, .int]) {
                byStatus[row[0].text!] = Int(row[1].int!)
            }
            let overdue = try await session.select("""
                SELECT COUNT(*) FROM tubes WHERE round_id = ? AND status <> 'resulted' AND closed_at IS NOT NULL AND closed_at < ?
                """, binds: [.int(round), .int(now - limit)], types: [.int]).first?[0].int ?? 0
            return (byStatus, Int(overdue))
        }
    }
}

/// A sampling site as the public page shows it.
public struct PublicSite: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let kind: SiteKind
    public let area: String
    public let desks: Int
    public let dailyCapacity: Int
    public let hours: String
    public let openNow: Bool
    /// Minutes a newcomer can expect to wait, from the swabs taken there in the last half hour.
    public let waitMinutes: Int
}

extension Screening {
    /// Sampling sites the public may walk into (community sites and fever clinics) under an area, open ones first;
    /// needs no login and shows no person.
    public func publicSites(areaCode: String?, now: Int64? = nil) async throws -> [PublicSite] {
        let now = now ?? clock.now()
        return try await database.read { session in
            var scope: Area? = nil
            if let areaCode, !areaCode.isEmpty {
                guard let area = try await Database.area(session.sql, code: areaCode) else { throw StoreError(.notFound, "no such area") }
                scope = area
            }
            let filter = scope.map { "AND \($0.inside("a"))" } ?? ""
            let sites = try await session.select("""
                SELECT s.code, s.name, s.kind, a.name, s.desks, s.daily_capacity, s.opens_minute, s.closes_minute,
                       (SELECT COUNT(*) FROM tube_members m JOIN tubes t ON t.id = m.tube_id WHERE t.site_id = s.id AND m.sampled_at >= ?)
                FROM sampling_sites s JOIN areas a ON a.id = s.area_id
                WHERE s.kind IN ('community', 'fever_clinic') \(filter) ORDER BY s.code LIMIT 500
                """, binds: [.int(now - 1800)] + (scope.map { [.int($0.id)] } ?? []),
                types: [.text, .text, .text, .text, .int, .int, .int, .int, .int]).map { r in
                let desks = max(1, Int(r[4].int ?? 1))
                let hours = (try? DailyHours(opens: Int(r[6].int ?? 0), closes: Int(r[7].int ?? 1440))) ?? .allDay
                let wait = QueueEstimate.minutes(recentSwabs: Int(r[8].int ?? 0), windowMinutes: 30, desks: desks,
                                                 dailyCapacity: Int(r[5].int ?? 0), hours: hours)
                return PublicSite(code: r[0].text!, name: r[1].text!, kind: r[2].text.flatMap(SiteKind.init) ?? .community, area: r[3].text!,
                                  desks: desks, dailyCapacity: Int(r[5].int ?? 0), hours: hours.text, openNow: hours.isOpen(at: now),
                                  waitMinutes: wait)
            }
            return sites.filter(\.openNow) + sites.filter { !$0.openNow }
        }
    }
}
