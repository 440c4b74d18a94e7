import CordonDomain
import SQLKit

/// One resident as a sampling device knows them: who, where they live, and the ID number the device scans.
public struct RosterEntry: Sendable, Hashable {
    public let residentID: Int64
    public let idNumber: String
    public let householdID: Int64
    public let communityID: Int64?
}

extension Screening {
    /// Every resident under `area` with their ID number in clear, household by household: what the synthetic city
    /// hands its simulated sampling devices. Only the operator at the command line may ask for it.
    public func roster(under area: Area, actor: Actor) async throws -> [RosterEntry] {
        guard actor.isOperator else { throw StoreError(.forbidden, "the roster is for the simulator only") }
        let keys = registry.cipher
        let rows = try await database.read { session in
            try await session.select("""
                SELECT id, id_number_enc, household_id, community_id FROM residents WHERE \(area.inside()) ORDER BY household_id, id
                """, binds: [.int(area.id)], types: [.int, .text, .int, .int])
        }
        return try rows.map { r in
            RosterEntry(residentID: r[0].int!, idNumber: try keys.open(r[1].text!), householdID: r[2].int!, communityID: r[3].int)
        }
    }

    /// Community site codes by the community they stand in: where the people of a community go in a round.
    public func sitesByCommunity() async throws -> [Int64: [String]] {
        try await database.read { session in
            var found: [Int64: [String]] = [:]
            for r in try await session.select("SELECT s.code, a.community_id FROM sampling_sites s JOIN areas a ON a.id = s.area_id WHERE s.kind = 'community' ORDER BY s.code",
                                              binds: [], types: [.text, .int]) {
                if let c = r[1].int { found[c, default: []].append(r[0].text!) }
            }
            return found
        }
    }

    /// Whether a lab with this code exists.
    public func labExists(code: String) async throws -> Bool {
        try await database.read { session in
            try await session.sql.raw("SELECT id FROM labs WHERE code = \(bind: code)").first() != nil
        }
    }
}
