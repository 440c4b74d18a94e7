import CordonDomain
import SQLKit

extension Screening {
    /// Adds to the round's per-community counters (per street or district where a branch has no communities) the residents not yet sampled in the round. Call before their
    /// swabs are inserted, in the same transaction.
    static func countFirstSamples(_ session: Session, round: Int64, residents: [Int64]) async throws {
        var perCommunity: [Int64: Int64] = [:]
        for chunk in residents.chunked(500) {
            let rows = try await session.select("""
                SELECT COALESCE(r.community_id, r.street_id, r.district_id, r.city_id) FROM residents r
                WHERE r.id IN (\(Session.placeholders(chunk.count)))
                AND NOT EXISTS (SELECT 1 FROM tube_members m WHERE m.round_id = ? AND m.resident_id = r.id)
                """, binds: chunk.map { .int($0) } + [.int(round)], types: [.int])
            for row in rows { if let c = row[0].int { perCommunity[c, default: 0] += 1 } }
        }
        for (community, n) in perCommunity {
            try await session.sql.raw("""
                INSERT INTO round_coverage (round_id, area_id, sampled) VALUES (\(bind: round), \(bind: community), \(bind: n))
                ON CONFLICT (round_id, area_id) DO UPDATE SET sampled = round_coverage.sampled + excluded.sampled
                """).run()
        }
    }

    /// The same for swabs already inserted in the tubes `tubes`: one statement, the database doing the counting.
    /// A person counts once per round, at their first tube.
    static func countFirstSamples(_ session: Session, round: Int64, tubes: ClosedRange<Int64>) async throws {
        try await session.select("""
            INSERT INTO round_coverage (round_id, area_id, sampled)
            SELECT m.round_id, COALESCE(r.community_id, r.street_id, r.district_id, r.city_id), COUNT(*)
            FROM tube_members m JOIN residents r ON r.id = m.resident_id
            WHERE m.tube_id BETWEEN ? AND ? AND m.round_id = ?
            AND NOT EXISTS (SELECT 1 FROM tube_members e WHERE e.round_id = m.round_id AND e.resident_id = m.resident_id AND e.tube_id < m.tube_id)
            GROUP BY m.round_id, COALESCE(r.community_id, r.street_id, r.district_id, r.city_id)
            ON CONFLICT (round_id, area_id) DO UPDATE SET sampled = round_coverage.sampled + excluded.sampled
            """, binds: [.int(tubes.lowerBound), .int(tubes.upperBound), .int(round)], types: [])
    }
}
