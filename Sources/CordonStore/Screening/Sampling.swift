import CordonDomain
import SQLKit

/// A tube as the sampler's phone shows it.
public struct TubeView: Sendable, Hashable, Codable {
    public let barcode: String
    public let capacity: Int
    public let status: TubeStatus
    public let members: Int
    /// Masked names of the people in the tube, in the order they were swabbed.
    public let names: [String]
    /// The chain's clocks (采、运、检、报): sealed after sampling, scanned in by the lab, result released.
    public let closedAt: Int64?
    public let receivedAt: Int64?
    public let releasedAt: Int64?
    public let result: TestResult?
}

extension Screening {
    /// Opens a tube at a sampling site. Unless the sampler sets the pooling, it follows the policy: the site's kind
    /// (single tubes at quarantine sites and clinics), then the round's setting for the site's area, then the default.
    /// The purpose, and so the turnaround limit, follows the site's kind unless given.
    @discardableResult
    public func openTube(barcode raw: String, siteCode: String, roundID: Int64?, capacity: Int?, purpose: SamplingPurpose? = nil,
                         actor: Actor) async throws -> TubeView {
        try actor.require(.takeSamples)
        let barcode: String
        do { barcode = try Barcode.validate(raw) } catch { throw ScreeningFailure([ScreeningIssue(barcode: raw, .malformedBarcode)]) }
        let policy = database.policies.inForce(at: clock.now()).screening
        return try await database.write { session in
            guard let site = try await Self.sites(session, codes: [siteCode])[siteCode] else { throw ScreeningFailure([ScreeningIssue(.unknownSite)]) }
            var roundPooling: Pooling? = nil
            if let roundID {
                guard try await session.sql.raw("SELECT id FROM screening_rounds WHERE id = \(bind: roundID)").first() != nil else {
                    throw ScreeningFailure([ScreeningIssue(.unknownRound)])
                }
                roundPooling = Self.pooling(at: site.path, among: try await Self.roundPoolings(session, round: roundID))
            }
            var pooling = policy.pooling(site: site.kind, round: roundPooling, sealedArea: site.sealed)
            if let capacity { pooling = Pooling(size: capacity, byHousehold: pooling.byHousehold && capacity > 1) }
            guard policy.allowedPools.contains(pooling.size) else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .badPool)]) }
            if try await session.sql.raw("SELECT id FROM tubes WHERE barcode = \(bind: barcode)").first() != nil {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .duplicateBarcode)])
            }
            let tubeID = try await session.sql.raw("""
                INSERT INTO tubes (barcode, round_id, site_id, capacity, by_household, purpose, status, opened_at)
                VALUES (\(bind: barcode), \(bind: roundID), \(bind: site.id), \(bind: pooling.size), \(bind: pooling.byHousehold ? 1 : 0),
                        \(bind: (purpose ?? site.kind.purpose).rawValue), 'open', \(bind: clock.now())) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await Journal.append(session, actor: actor, action: "tube.open", subjectType: "tube", subjectID: barcode, reason: "site \(siteCode)")
            return try await Self.view(session.sql, tubeID: tubeID)
        }
    }

    /// Adds one person's swab to an open tube, found by their ID number. A single tube closes itself.
    @discardableResult
    public func addSwab(barcode raw: String, idNumber: String, actor: Actor) async throws -> TubeView {
        try actor.require(.takeSamples)
        let barcode = (try? Barcode.validate(raw)) ?? raw
        let hash = registry.cipher.searchHash(idNumber.identifierForSearch())
        let retestPool = database.policies.inForce(at: clock.now()).screening.retestPool
        return try await database.write { session in
            guard let tube = try await session.select("""
                SELECT id, round_id, capacity, status, by_household, household_id FROM tubes WHERE barcode = ?
                """, binds: [.text(barcode)], types: [.int, .int, .int, .text, .int, .int]).first else {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownTube)])
            }
            guard let person = try await session.select("SELECT id, household_id, work_group FROM residents WHERE id_number_hash = ?",
                                                        binds: [.text(hash)], types: [.int, .int, .text]).first,
                  let resident = person[0].int, let household = person[1].int
            else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownResident)]) }
            let tubeID = tube[0].int!, round = tube[1].int
            let members = try await session.select("SELECT resident_id FROM tube_members WHERE tube_id = ? ORDER BY sampled_at, resident_id",
                                                   binds: [.int(tubeID)], types: [.int]).compactMap { $0[0].int }
            let awaitingRetest = try await !Self.awaitingRetest(session, among: [resident]).isEmpty
            var rules = TubeRules(capacity: Int(tube[2].int!), byHousehold: tube[4].int == 1, members: members, household: tube[5].int,
                                  status: TubeStatus(rawValue: tube[3].text ?? "") ?? .resulted)
            var groupPool: Int? = nil
            if let round, let group = person[2].text.flatMap(WorkGroup.init) { groupPool = try await Self.groupPools(session, round: round)[group] }
            do throws(TubeRefusal) {
                try rules.add(resident, household: household, awaitingRetest: awaitingRetest, retestPool: retestPool, groupPool: groupPool)
            } catch {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, ScreeningIssue.Code(error))])
            }
            let now = clock.now()
            if let round { try await Self.countFirstSamples(session, round: round, residents: [resident]) }
            try await session.insert(into: "tube_members", columns: Self.memberColumns, rows: [[.int(tubeID), .int(resident), .int(round), .int(now)]])
            let closes = rules.closesNow && rules.capacity == 1
            try await session.sql.raw("""
                UPDATE tubes SET members = members + 1, household_id = \(bind: rules.household)\(unsafeRaw: closes ? ", status = 'closed', closed_at = \(now)" : "")
                WHERE id = \(bind: tubeID)
                """).run()
            try await CodeRefresh.afterSampling(session, residents: [resident], now: now)
            try await Journal.append(session, actor: actor, action: "tube.swab", subjectType: "tube", subjectID: barcode, reason: "sampled",
                                     detail: "resident \(resident)")
            return try await Self.view(session.sql, tubeID: tubeID)
        }
    }

    /// Those of `residents` with an open retest order: they may only be sampled in a single tube.
    static func awaitingRetest(_ session: Session, among residents: [Int64]) async throws -> Set<Int64> {
        var found = Set<Int64>()
        for chunk in residents.chunked(500) {
            for r in try await session.select("""
                SELECT resident_id FROM screening_orders WHERE closed_at IS NULL AND action = 'retest' AND resident_id IN (\(Session.placeholders(chunk.count)))
                """, binds: chunk.map { .int($0) }, types: [.int]) { if let id = r[0].int { found.insert(id) } }
        }
        return found
    }

    /// Seals a tube at the site; it can then be packed for transport.
    @discardableResult
    public func closeTube(barcode raw: String, actor: Actor) async throws -> TubeView {
        try actor.require(.takeSamples)
        let barcode = (try? Barcode.validate(raw)) ?? raw
        return try await database.write { session in
            guard let tube = try await session.sql.raw("SELECT id, status, members FROM tubes WHERE barcode = \(bind: barcode)").first() else {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownTube)])
            }
            guard try tube.decode(column: "status", as: String.self) == TubeStatus.open.rawValue else {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .tubeNotOpen)])
            }
            guard try tube.decode(column: "members", as: Int.self) > 0 else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .tubeEmpty)]) }
            let id = try tube.decode(column: "id", as: Int64.self)
            try await session.sql.raw("UPDATE tubes SET status = 'closed', closed_at = \(bind: clock.now()) WHERE id = \(bind: id)").run()
            try await Journal.append(session, actor: actor, action: "tube.close", subjectType: "tube", subjectID: barcode, reason: "sealed at site")
            return try await Self.view(session.sql, tubeID: id)
        }
    }

    public func tube(barcode: String) async throws -> TubeView {
        try await database.read { session in
            guard let id = try await session.sql.raw("SELECT id FROM tubes WHERE barcode = \(bind: barcode)").first()?.decode(column: "id", as: Int64.self)
            else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownTube)]) }
            return try await Self.view(session.sql, tubeID: id)
        }
    }

    static func view(_ db: any SQLDatabase, tubeID: Int64) async throws -> TubeView {
        let tube = try await db.raw("""
            SELECT barcode, capacity, status, members, closed_at, received_at, released_at, result FROM tubes WHERE id = \(bind: tubeID)
            """).first()!
        let names = try await db.raw("""
            SELECT r.name FROM tube_members m JOIN residents r ON r.id = m.resident_id WHERE m.tube_id = \(bind: tubeID) ORDER BY m.sampled_at, r.id
            """).all().map { Masking.name(try $0.decode(column: "name", as: String.self)) }
        return TubeView(barcode: try tube.decode(column: "barcode"), capacity: try tube.decode(column: "capacity"),
                        status: TubeStatus(rawValue: try tube.decode(column: "status")) ?? .open, members: try tube.decode(column: "members"),
                        names: names, closedAt: try tube.decode(column: "closed_at"), receivedAt: try tube.decode(column: "received_at"),
                        releasedAt: try tube.decode(column: "released_at"),
                        result: try tube.decode(column: "result", as: String?.self).flatMap(TestResult.init))
    }
}
