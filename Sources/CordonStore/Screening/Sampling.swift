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
}

extension Screening {
    /// Opens a tube at a sampling site. Its capacity is the round's pooling for the site's area unless given.
    @discardableResult
    public func openTube(barcode raw: String, siteCode: String, roundID: Int64?, capacity: Int?, purpose: SamplingPurpose = .screening,
                         actor: Actor) async throws -> TubeView {
        try Self.require(actor, actor.role == .sampler, "take samples")
        let barcode: String
        do { barcode = try Barcode.validate(raw) } catch { throw ScreeningFailure([ScreeningIssue(barcode: raw, .malformedBarcode)]) }
        let policy = PolicyPreset.inForce(on: CivilDate(unixTime: UnixTime.now())).screening
        return try await database.write { session in
            guard let site = try await session.sql.raw("SELECT id, area_id FROM sampling_sites WHERE code = \(bind: siteCode)").first() else {
                throw ScreeningFailure([ScreeningIssue(.unknownSite)])
            }
            var pool = capacity
            if let roundID {
                guard try await session.sql.raw("SELECT id FROM screening_rounds WHERE id = \(bind: roundID)").first() != nil else {
                    throw ScreeningFailure([ScreeningIssue(.unknownRound)])
                }
                if pool == nil { pool = try await Self.pool(session.sql, round: roundID, household: try site.decode(column: "area_id")) }
            }
            let size = pool ?? policy.defaultPool
            guard policy.allowedPools.contains(size) else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .badPool)]) }
            if try await session.sql.raw("SELECT id FROM tubes WHERE barcode = \(bind: barcode)").first() != nil {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .duplicateBarcode)])
            }
            try await session.sql.raw("""
                INSERT INTO tubes (barcode, round_id, site_id, capacity, purpose, status, opened_at)
                VALUES (\(bind: barcode), \(bind: roundID), \(bind: try site.decode(column: "id", as: Int64.self)), \(bind: size),
                        \(bind: purpose.rawValue), 'open', \(bind: UnixTime.now()))
                """).run()
            try await Journal.append(session.sql, actor: actor, action: "tube.open", subjectType: "tube", subjectID: barcode, reason: "site \(siteCode)")
            return TubeView(barcode: barcode, capacity: size, status: .open, members: 0, names: [])
        }
    }

    /// Adds one person's swab to an open tube, found by their ID number. A single tube closes itself.
    @discardableResult
    public func addSwab(barcode raw: String, idNumber: String, actor: Actor) async throws -> TubeView {
        try Self.require(actor, actor.role == .sampler, "take samples")
        let barcode = (try? Barcode.validate(raw)) ?? raw
        let hash = registry.cipher.searchHash(idNumber.trimmingSpaces().uppercased())
        return try await database.write { session in
            guard let tube = try await session.sql.raw("SELECT id, round_id, capacity, status FROM tubes WHERE barcode = \(bind: barcode)").first() else {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownTube)])
            }
            guard let resident = try await session.sql.raw("SELECT id FROM residents WHERE id_number_hash = \(bind: hash)").first()?
                .decode(column: "id", as: Int64.self) else { throw ScreeningFailure([ScreeningIssue(barcode: barcode, .unknownResident)]) }
            let tubeID = try tube.decode(column: "id", as: Int64.self)
            let members = try await session.sql.raw("SELECT resident_id FROM tube_members WHERE tube_id = \(bind: tubeID) ORDER BY sampled_at, resident_id")
                .all().map { try $0.decode(column: "resident_id", as: Int64.self) }
            var rules = TubeRules(capacity: try tube.decode(column: "capacity"), members: members,
                                  status: TubeStatus(rawValue: try tube.decode(column: "status")) ?? .resulted)
            do throws(TubeRefusal) { try rules.add(resident) } catch {
                throw ScreeningFailure([ScreeningIssue(barcode: barcode, ScreeningIssue.Code(rawValue: error.rawValue)!)])
            }
            let now = UnixTime.now()
            if let round = try tube.decode(column: "round_id", as: Int64?.self) {
                try await Self.countFirstSamples(session, round: round, residents: [resident])
            }
            try await session.sql.raw("""
                INSERT INTO tube_members (tube_id, resident_id, round_id, sampled_at)
                VALUES (\(bind: tubeID), \(bind: resident), \(bind: try tube.decode(column: "round_id", as: Int64?.self)), \(bind: now))
                """).run()
            try await session.sql.raw("""
                UPDATE tubes SET members = members + 1\(unsafeRaw: rules.closesNow && rules.capacity == 1 ? ", status = 'closed', closed_at = \(now)" : "")
                WHERE id = \(bind: tubeID)
                """).run()
            try await Journal.append(session.sql, actor: actor, action: "tube.swab", subjectType: "tube", subjectID: barcode, reason: "sampled",
                                     detail: "resident \(resident)")
            return try await Self.view(session.sql, tubeID: tubeID)
        }
    }

    /// Seals a tube at the site; it can then be packed for transport.
    @discardableResult
    public func closeTube(barcode raw: String, actor: Actor) async throws -> TubeView {
        try Self.require(actor, actor.role == .sampler, "take samples")
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
            try await session.sql.raw("UPDATE tubes SET status = 'closed', closed_at = \(bind: UnixTime.now()) WHERE id = \(bind: id)").run()
            try await Journal.append(session.sql, actor: actor, action: "tube.close", subjectType: "tube", subjectID: barcode, reason: "sealed at site")
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
        let tube = try await db.raw("SELECT barcode, capacity, status, members FROM tubes WHERE id = \(bind: tubeID)").first()!
        let names = try await db.raw("""
            SELECT r.name FROM tube_members m JOIN residents r ON r.id = m.resident_id WHERE m.tube_id = \(bind: tubeID) ORDER BY m.sampled_at, r.id
            """).all().map { Masking.name(try $0.decode(column: "name", as: String.self)) }
        return TubeView(barcode: try tube.decode(column: "barcode"), capacity: try tube.decode(column: "capacity"),
                        status: TubeStatus(rawValue: try tube.decode(column: "status")) ?? .open, members: try tube.decode(column: "members"),
                        names: names)
    }
}
