import CordonDomain
import SQLKit

/// A round's coverage counters (`round_coverage`) count, per community, the people of its population snapshot who gave
/// a first swab in the round. People registered after the round opened (a higher resident id than the snapshot saw) are
/// outside the snapshot: they appear in the
/// not-yet-sampled lists, but neither side of the coverage ratio counts them, so it never passes 100%.
extension Screening {
    /// Counts a swab about to be inserted for `resident`, if it is their first in the round. Call before the insert,
    /// in the same transaction.
    static func countFirstSamples(_ session: Session, round: Int64, residents: [Int64]) async throws {
        var perCommunity: [Int64: Int64] = [:]
        for chunk in residents.chunked(500) {
            let rows = try await session.select("""
                SELECT COALESCE(r.community_id, r.street_id, r.district_id, r.city_id) FROM residents r
                JOIN screening_rounds s ON s.id = ? AND r.id <= COALESCE(s.snapshot_resident_id, r.id)
                WHERE r.id IN (\(Session.placeholders(chunk.count)))
                AND NOT EXISTS (SELECT 1 FROM tube_members m WHERE m.round_id = s.id AND m.resident_id = r.id)
                """, binds: [.int(round)] + chunk.map { .int($0) }, types: [.int])
            for row in rows { if let c = row[0].int { perCommunity[c, default: 0] += 1 } }
        }
        try await add(session, round: round, perCommunity)
    }

    /// The same for swabs just inserted into the tubes `tubes` from `submitted`, whose people were resolved as
    /// `people`: the database names the few swabs that are not a person's first in their round, the rest are counted
    /// here. A person's first swab is the one in their lowest-numbered tube of the round.
    static func countFirstSamples(_ session: Session, tubes: ClosedRange<Int64>, submitted: [TubeSubmission], people: [SwabbedPerson?],
                                  snapshots: [Int64: Int64]) async throws {
        guard !snapshots.isEmpty else { return }
        var repeated = Set<[Int64]>()
        for r in try await session.select("""
            SELECT m.tube_id, m.resident_id FROM tube_members m WHERE m.tube_id BETWEEN ? AND ? AND m.round_id IS NOT NULL
            AND EXISTS (SELECT 1 FROM tube_members e WHERE e.round_id = m.round_id AND e.resident_id = m.resident_id AND e.tube_id < m.tube_id)
            """, binds: [.int(tubes.lowerBound), .int(tubes.upperBound)], types: [.int, .int]) {
            repeated.insert([r[0].int!, r[1].int!])
        }
        var counts: [Int64: [Int64: Int64]] = [:]
        var h = 0
        for (i, tube) in submitted.enumerated() {
            let members = h..<(h + tube.idNumbers.count)
            h = members.upperBound
            guard let round = tube.roundId, let snapshot = snapshots[round] else { continue }
            let tubeID = tubes.lowerBound + Int64(i)
            for m in members {
                guard let person = people[m], person.id <= snapshot, !repeated.contains([tubeID, person.id]) else { continue }
                counts[round, default: [:]][person.community, default: 0] += 1
            }
        }
        for (round, perCommunity) in counts { try await add(session, round: round, perCommunity) }
    }

    private static func add(_ session: Session, round: Int64, _ perCommunity: [Int64: Int64]) async throws {
        for (community, n) in perCommunity {
            try await session.sql.raw("""
                INSERT INTO round_coverage (round_id, area_id, sampled) VALUES (\(bind: round), \(bind: community), \(bind: n))
                ON CONFLICT (round_id, area_id) DO UPDATE SET sampled = round_coverage.sampled + excluded.sampled
                """).run()
        }
    }
}
