import CordonDomain
import SQLKit

extension Screening {
    /// Open case candidates under the actor's jurisdiction, newest first.
    public func caseCandidates(actor: Actor, limit: Int = 1_000) async throws -> [CaseCandidate] {
        try actor.require(.readResidents)
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT r.id, r.name, r.address, t.barcode, m.sampled_at, COALESCE(t.released_at, o.created_at), t.ct
                FROM screening_orders o JOIN residents r ON r.id = o.resident_id JOIN tubes t ON t.id = o.tube_id
                JOIN tube_members m ON m.tube_id = t.id AND m.resident_id = r.id
                WHERE o.action = 'case_candidate' AND o.closed_at IS NULL AND \(scope.inside("r"))
                ORDER BY o.created_at DESC, r.id LIMIT \(max(1, min(limit, 10_000)))
                """, binds: [.int(scope.id)], types: [.int, .text, .text, .text, .int, .int, .text]).map { r in
                CaseCandidate(residentID: r[0].int!, name: r[1].text!, address: r[2].text!, barcode: r[3].text!, sampledAt: r[4].int!,
                              resultedAt: r[5].int ?? 0, ct: r[6].text)
            }
        }
    }
}
