import CordonDomain
import SQLKit

/// How long tubes took, per lab or per site: sampling to receipt, and sampling to the released result.
public struct TurnaroundRow: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let tubes: Int
    public let averageMinutesToReceipt: Int?
    public let averageMinutesToResult: Int?
}

/// A tube past its purpose's turnaround limit without a result.
public struct OverdueTube: Sendable, Hashable, Codable {
    public let barcode: String
    public let site: String
    public let status: String
    public let purpose: String
    public let hoursSinceSampling: Int
}

extension Screening {
    /// Turnaround by lab and by site for a round (采、运、检、报 clocks).
    public func turnaround(round: Int64) async throws -> (labs: [TurnaroundRow], sites: [TurnaroundRow]) {
        try await database.read { session in
            try await Self.requireRound(session, round)
            func rows(_ join: String, _ key: String) async throws -> [TurnaroundRow] {
                try await session.select("""
                    SELECT x.code, x.name, COUNT(*),
                           CAST(AVG(CASE WHEN t.received_at IS NOT NULL THEN t.received_at - t.closed_at END) AS BIGINT),
                           CAST(AVG(CASE WHEN t.released_at IS NOT NULL THEN t.released_at - t.closed_at END) AS BIGINT)
                    FROM tubes t JOIN \(join) x ON x.id = t.\(key) WHERE t.round_id = ? GROUP BY x.code, x.name ORDER BY x.code
                    """, binds: [.int(round)], types: [.text, .text, .int, .int, .int]).map { r in
                    TurnaroundRow(code: r[0].text!, name: r[1].text!, tubes: Int(r[2].int ?? 0), averageMinutesToReceipt: r[3].int.map { Int($0 / 60) },
                                  averageMinutesToResult: r[4].int.map { Int($0 / 60) })
                }
            }
            return (try await rows("labs", "lab_id"), try await rows("sampling_sites", "site_id"))
        }
    }

    /// Tubes still without a result past the limit their purpose has under the policy in force, oldest first: of one
    /// round, or of any (clinic tubes belong to none). A lab sees the tubes sent to it, others the sites in their
    /// jurisdiction.
    public func overdueTubes(actor: Actor, round: Int64? = nil, now: Int64? = nil, limit: Int = 1_000) async throws -> [OverdueTube] {
        let now = now ?? clock.now()
        let policy = database.policies.inForce(at: now).screening
        let scope: (String, SQLValue)
        if actor.isLabScoped {
            scope = ("t.lab_id = ?", .int(actor.labID ?? -1))
        } else {
            scope = ("\(actor.jurisdiction.inside("a"))", .int(actor.jurisdiction.id))
        }
        return try await database.read { session in
            var found: [OverdueTube] = []
            for purpose in SamplingPurpose.allCases {
                let hours = Int64(policy.turnaroundHours[purpose] ?? 24)
                found += try await session.select("""
                    SELECT t.barcode, s.code, t.status, t.closed_at FROM tubes t JOIN sampling_sites s ON s.id = t.site_id
                    JOIN areas a ON a.id = s.area_id
                    WHERE t.purpose = ? AND t.status <> 'resulted' AND t.closed_at IS NOT NULL AND t.closed_at < ? AND \(scope.0)
                    \(round == nil ? "" : "AND t.round_id = ?") ORDER BY t.closed_at LIMIT \(max(1, min(limit, 10_000)))
                    """, binds: [.text(purpose.rawValue), .int(now - hours * 3_600), scope.1] + (round.map { [.int($0)] } ?? []),
                    types: [.text, .text, .text, .int]).map { r in
                    OverdueTube(barcode: r[0].text!, site: r[1].text!, status: r[2].text!, purpose: purpose.rawValue,
                                hoursSinceSampling: Int((now - (r[3].int ?? now)) / 3_600))
                }
            }
            return found
        }
    }
}
