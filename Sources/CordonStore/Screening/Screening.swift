import CordonDomain
import SQLKit

/// Mass screening: rounds over areas, pooled tubes, the chain collect → transport → test → report, and the orders a
/// result sets off. Every write appends to the journal in its own transaction.
public struct Screening: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    // MARK: Labs

    @discardableResult
    public func createLab(code: String, name: String, dailyCapacity: Int, actor: Actor) async throws -> Int64 {
        try actor.require(.registerLabs)
        var problems: [FieldError] = []
        do { _ = try Barcode.validate(code) } catch { problems.append(FieldError(field: "code", code: error)) }
        let name = name.trimmingSpaces()
        if name.isEmpty { problems.append(FieldError(field: "name", code: .missing)) } else if name.count > 60 {
            problems.append(FieldError(field: "name", code: .tooLong))
        }
        if !(1...10_000_000).contains(dailyCapacity) { problems.append(FieldError(field: "daily_capacity", code: .outOfRange)) }
        guard problems.isEmpty else { throw FieldErrors(errors: problems) }
        let code = try Barcode.validate(code)
        return try await database.write { session in
            guard try await session.select("SELECT id FROM labs WHERE code = ?", binds: [.text(code)], types: [.int]).isEmpty else {
                throw FieldErrors(errors: [FieldError(field: "code", code: .duplicate)])
            }
            let id = try await session.sql.raw("""
                INSERT INTO labs (code, name, daily_capacity, created_at) VALUES (\(bind: code), \(bind: name), \(bind: dailyCapacity), \(bind: clock.now()))
                RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await Journal.append(session, actor: actor, action: "lab.create", subjectType: "lab", subjectID: code, reason: name)
            return id
        }
    }

    /// Attaches a lab operator's account to their lab.
    public func assignLab(username: String, labCode: String, actor: Actor) async throws {
        try actor.require(.assignLabs)
        try await database.write { session in
            guard let lab = try await session.sql.raw("SELECT id FROM labs WHERE code = \(bind: labCode)").first()?.decode(column: "id", as: Int64.self)
            else { throw ScreeningFailure([ScreeningIssue(.unknownLab)]) }
            guard try await session.sql.raw("UPDATE users SET lab_id = \(bind: lab) WHERE username = \(bind: username) AND role = 'lab_operator' RETURNING id").first() != nil
            else { throw StoreError(.notFound, "no lab operator \(username)") }
            try await Journal.append(session, actor: actor, action: "user.lab", subjectType: "user", subjectID: username, reason: labCode)
        }
    }

    // MARK: Rounds

    /// A round's area with its pooling.
    public struct RoundArea: Sendable, Hashable {
        public let code: String
        /// People per tube; nil takes the policy's default.
        public let pool: Int?
        /// One tube per household (sealed areas, door-to-door sampling), up to the largest validated pool.
        public let byHousehold: Bool
        public init(code: String, pool: Int? = nil, byHousehold: Bool = false) {
            self.code = code
            self.pool = pool
            self.byHousehold = byHousehold
        }
    }

    public struct Round: Sendable, Hashable, Codable {
        public let id: Int64
        public let name: String
        public let policy: String
        public let opensAt: Int64
        public let closesAt: Int64
    }

    /// Opens a round over areas of the actor's jurisdiction for `hours`, under the policy in force today.
    @discardableResult
    /// `groups` pools a work group in smaller tubes wherever its people are sampled in the round (medical staff
    /// single, say), on top of the pooling by area.
    public func openRound(name: String, areas: [RoundArea], groups: [WorkGroup: Int] = [:], hours: Int, actor: Actor,
                          now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.openRounds)
        guard !name.trimmingSpaces().isEmpty, !areas.isEmpty, (1...240).contains(hours) else {
            throw StoreError(.invalid, "a round needs a name, at least one area and a window of 1–240 hours")
        }
        let policy = database.policies.inForce(at: now)
        var issues: [ScreeningIssue] = []
        for (i, area) in areas.enumerated() where area.pool.map({ !policy.screening.allowedPools.contains($0) }) ?? false {
            issues.append(ScreeningIssue(row: i + 1, .badPool))
        }
        if groups.values.contains(where: { !policy.screening.allowedPools.contains($0) }) { issues.append(ScreeningIssue(.badPool)) }
        guard issues.isEmpty else { throw ScreeningFailure(issues) }
        return try await database.write { session in
            var resolved: [(Int64, Pooling)] = []
            var scopes: [Area] = []
            for (i, entry) in areas.enumerated() {
                guard let area = try await Database.area(session.sql, code: entry.code), actor.jurisdiction.contains(area) else {
                    throw StoreError(.notFound, "row \(i + 1): no area \(entry.code) in your jurisdiction")
                }
                resolved.append((area.id, entry.byHousehold ? Pooling(size: entry.pool ?? policy.screening.householdPooling.size, byHousehold: true)
                                                            : Pooling(size: entry.pool ?? policy.screening.defaultPool)))
                scopes.append(area)
            }
            let snapshot = try await session.select("SELECT MAX(id) FROM residents", binds: [], types: [.int]).first?[0].int ?? 0
            let id = try await session.sql.raw("""
                INSERT INTO screening_rounds (name, policy, opens_at, closes_at, created_by, created_at, snapshot_resident_id)
                VALUES (\(bind: name), \(bind: policy.id), \(bind: now), \(bind: now + Int64(hours) * 3600), \(bind: actor.name),
                        \(bind: clock.now()), \(bind: snapshot))
                RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await session.insert(into: "round_areas", columns: ["round_id", "area_id", "pool", "by_household"],
                                     rows: resolved.map { [.int(id), .int($0.0), .int(Int64($0.1.size)), .int($0.1.byHousehold ? 1 : 0)] })
            // Largest areas first: a household listed inside a listed district is already counted with it.
            for scope in scopes.sorted(by: { $0.level < $1.level }) {
                try await session.execute("""
                    INSERT INTO round_population (round_id, area_id, residents)
                    SELECT ?, COALESCE(r.community_id, r.street_id, r.district_id, r.city_id), COUNT(*) FROM residents r
                    WHERE \(scope.inside("r")) GROUP BY COALESCE(r.community_id, r.street_id, r.district_id, r.city_id)
                    ON CONFLICT (round_id, area_id) DO NOTHING
                    """, binds: [.int(id), .int(scope.id)])
            }
            let byGroup = groups.sorted { $0.key.rawValue < $1.key.rawValue }
            try await session.insert(into: "round_groups", columns: ["round_id", "work_group", "pool"],
                                     rows: byGroup.map { [.int(id), .text($0.key.rawValue), .int(Int64($0.value))] })
            try await Journal.append(session, actor: actor, action: "round.open", subjectType: "round", subjectID: "\(id)",
                                     reason: name, detail: (areas.map(\.code) + byGroup.map { "\($0.key.rawValue):\($0.value)" }).joined(separator: ","))
            return id
        }
    }

    public func rounds(limit: Int = 50) async throws -> [Round] {
        try await database.read { session in
            try await session.sql.raw("SELECT id, name, policy, opens_at, closes_at FROM screening_rounds ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))")
                .all().map { row in
                    Round(id: try row.decode(column: "id"), name: try row.decode(column: "name"), policy: try row.decode(column: "policy"),
                          opensAt: try row.decode(column: "opens_at"), closesAt: try row.decode(column: "closes_at"))
                }
        }
    }

    /// The areas a round covers with the pooling it set for each.
    struct RoundPooling: Sendable {
        let area: Int64
        let level: AreaLevel
        let pooling: Pooling
    }

    static func roundPoolings(_ session: Session, round: Int64) async throws -> [RoundPooling] {
        try await session.select("""
            SELECT ra.area_id, ar.level, ra.pool, ra.by_household FROM round_areas ra JOIN areas ar ON ar.id = ra.area_id WHERE ra.round_id = ?
            """, binds: [.int(round)], types: [.int, .text, .int, .int]).map {
            RoundPooling(area: $0[0].int!, level: AreaLevel(rawValue: $0[1].text ?? "") ?? .city,
                         pooling: Pooling(size: Int($0[2].int ?? 10), byHousehold: $0[3].int == 1))
        }
    }

    /// The pooling a round sets for work groups.
    static func groupPools(_ session: Session, round: Int64) async throws -> [WorkGroup: Int] {
        var pools: [WorkGroup: Int] = [:]
        for r in try await session.select("SELECT work_group, pool FROM round_groups WHERE round_id = ?", binds: [.int(round)], types: [.text, .int]) {
            if let group = r[0].text.flatMap(WorkGroup.init), let pool = r[1].int { pools[group] = Int(pool) }
        }
        return pools
    }

    /// The pooling a round sets for a place: of the round's areas that contain it, the nearest wins.
    static func pooling(at place: AreaPath, among areas: [RoundPooling]) -> Pooling? {
        areas.filter { place[$0.level] == $0.area }.max { $0.level < $1.level }?.pooling
    }
}
