import CordonDomain

extension RiskAreas {
    /// Designates each of `areaCodes` at `level`, with the cases that cause it, all or nothing. In the same transaction
    /// the areas' residents are reassessed (their codes follow the area), everyone who visited a place inside an area
    /// in the policy's lookback is recorded as a visitor to test, and the visitors' stored codes are marked stale, so
    /// any read of one from the commit on assesses it afresh. A second transaction then rewrites the visitors' codes
    /// (a hundred thousand of them for a few busy communities) without holding the designation back.
    @discardableResult
    public func designate(areaCodes: [String], level: AreaRisk, reason: String, caseIDs: [Int64] = [], actor: Actor,
                          now: Int64? = nil) async throws -> [Int64] {
        let now = now ?? clock.now()
        return try await designateReporting(areaCodes: areaCodes, level: level, reason: reason, caseIDs: caseIDs, actor: actor, now: now).ids
    }

    /// What a designation did and when it was in force.
    public struct DesignationReport: Sendable {
        public let ids: [Int64]
        public let visitors: Int
        /// From the call until the designation committed, every affected code then correct on reading.
        public let committed: Duration
        /// From the call until the visitors' stored codes were rewritten too.
        public let finished: Duration
    }

    /// `designate`, reporting how long the two steps took (for the benchmark and the operator's log).
    public func designateReporting(areaCodes: [String], level: AreaRisk, reason: String, caseIDs: [Int64] = [], actor: Actor,
                                   now: Int64? = nil) async throws -> DesignationReport {
        let now = now ?? clock.now()
        let started = ContinuousClock.now
        let ids = try await designateAreas(areaCodes: areaCodes, level: level, reason: reason, caseIDs: caseIDs, actor: actor, now: now)
        let committed = ContinuousClock.now - started
        let visitors = try await database.write { session in try await CodeRefresh.run(session, .visitors(designations: ids), now: now).assessed }
        return DesignationReport(ids: ids, visitors: visitors, committed: committed, finished: ContinuousClock.now - started)
    }

    private func designateAreas(areaCodes: [String], level: AreaRisk, reason: String, caseIDs: [Int64], actor: Actor,
                                now: Int64) async throws -> [Int64] {
        try actor.require(.designateRiskAreas)
        let reason = reason.trimmingSpaces()
        var problems: [FieldError] = []
        if reason.isEmpty { problems.append(FieldError(field: "reason", code: .missing)) } else if reason.count > 200 {
            problems.append(FieldError(field: "reason", code: .tooLong))
        }
        let codes = Array(Set(areaCodes.map { $0.trimmingSpaces() }.filter { !$0.isEmpty })).sorted()
        if codes.isEmpty { problems.append(FieldError(field: "area_codes", code: .missing)) }
        guard problems.isEmpty else { throw FieldErrors(errors: problems) }
        let policies = database.policies
        return try await database.write { session in
            var areas: [Area] = []
            for code in codes {
                guard let area = try await Database.area(session.sql, code: code), actor.jurisdiction.contains(area) else {
                    throw FieldErrors(errors: [FieldError(field: "area_codes", code: .unknownArea)])
                }
                try policies.inForce(at: now, district: area.ancestors[.district]).riskAreas.checkDesignation(level, at: area.level)
                if try await session.select("SELECT id FROM risk_areas WHERE area_id = ? AND ended_at IS NULL", binds: [.int(area.id)], types: [.int])
                    .first != nil { throw RiskAreaError(.alreadyDesignated) }
                areas.append(area)
            }
            let cases = Array(Set(caseIDs))
            if !cases.isEmpty {
                let list = session.list(cases)
                let found = try await session.select("SELECT COUNT(*) FROM cases WHERE id IN (\(list.sql))", binds: [list.bind], types: [.int]).first?[0].int
                guard found == Int64(cases.count) else { throw FieldErrors(errors: [FieldError(field: "case_ids", code: .unknownCase)]) }
            }
            var ids: [Int64] = []
            for area in areas {
                let preset = policies.inForce(at: now, district: area.ancestors[.district])
                let from = now - Int64(preset.riskAreas.visitorLookbackDays) * 86_400
                let id = try await session.execute("""
                    INSERT INTO risk_areas (area_id, level, since, stepped_down, reason, policy_id, created_by) VALUES (?, ?, ?, 0, ?, ?, ?) RETURNING id
                    """, binds: [.int(area.id), .text(level.rawValue), .int(now), .text(reason), .text(preset.id), .text(actor.name)], returning: [.int]).first![0].int!
                ids.append(id)
                try await session.insert(into: "risk_area_cases", columns: ["risk_area_id", "case_id"], rows: cases.map { [.int(id), .int($0)] })
                if level != .low {
                    let column = area.column()
                    try await session.execute("""
                        INSERT INTO risk_area_visits (risk_area_id, resident_id, visited_at)
                        SELECT ?, v.resident_id, MAX(v.entered_at) FROM venue_visits v
                        WHERE v.venue_id IN (SELECT e.id FROM venues e WHERE e.area_id IN (SELECT a.id FROM areas a WHERE a.\(column) = ?))
                        AND v.entered_at >= ? AND v.entered_at <= ? AND v.resident_id NOT IN (SELECT r.id FROM residents r WHERE r.\(column) = ?)
                        GROUP BY v.resident_id
                        """, binds: [.int(id), .int(area.id), .int(from), .int(now), .int(area.id)])
                }
                try await Journal.append(session, actor: actor, action: "risk_area.designate", subjectType: "area", subjectID: area.code,
                                         reason: reason, detail: "\(level.rawValue), designation \(id)\(cases.isEmpty ? "" : ", cases \(cases.sorted())")")
            }
            // The residents of all the areas in one pass, level by level.
            for (areaLevel, same) in Dictionary(grouping: areas, by: \.level) {
                try await CodeRefresh.run(session, same.count == 1 ? .area(same[0]) : .areas(level: areaLevel, ids: same.map(\.id)), now: now)
            }
            let list = session.list(ids)
            try await session.execute("""
                UPDATE health_codes SET changes_at = ? WHERE (changes_at IS NULL OR changes_at > ?)
                AND resident_id IN (SELECT resident_id FROM risk_area_visits WHERE risk_area_id IN (\(list.sql)))
                """, binds: [.int(now), .int(now), list.bind])
            return ids
        }
    }

    /// Steps a designation down by hand, when the policy's days without a case are over; refused while a case is open
    /// in the area or before it is due.
    public func stepDown(_ id: Int64, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.designateRiskAreas)
        try await database.write { session in
            let row = try await Self.openRow(session, id, actor: actor)
            let state = try await Self.caseState(session, row)
            let next = try row.designation.stepDown(at: now, lastCaseAt: state.lastCaseAt, openCases: state.open, policy: policy(at: now, for: row.area).riskAreas)
            try await Self.replace(session, row, with: next, at: now, actor: actor)
        }
    }

    /// Ends a designation before its time, with a reason (designated in error, or the command centre's decision).
    /// Refused while a case is open in the area: a lift that leaves a case's neighbours green is not a correction.
    public func lift(_ id: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.designateRiskAreas)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw FieldErrors(errors: [FieldError(field: "reason", code: .missing)]) }
        try await database.write { session in
            let row = try await Self.openRow(session, id, actor: actor)
            guard try await Self.caseState(session, row).open == 0 else { throw RiskAreaError(.caseOpen) }
            try await session.execute("UPDATE risk_areas SET ended_at = ?, end_kind = 'lifted', end_reason = ?, ended_by = ? WHERE id = ?",
                                     binds: [.int(now), .text(reason), .text(actor.name), .int(id)])
            try await Journal.append(session, actor: actor, action: "risk_area.lift", subjectType: "area", subjectID: row.area.code, reason: reason,
                                     detail: "designation \(id) (\(row.designation.level.rawValue))")
            try await Self.refreshPeople(session, row, now: now)
        }
    }

    /// Steps down every designation that is due with no open case: the clock's periodic sweep. Returns how many.
    @discardableResult
    public func advance(now: Int64? = nil) async throws -> Int {
        let now = now ?? clock.now()
        let rows = try await database.read { session in try await Self.openRows(session, condition: "1 = 1", binds: []) }
        var stepped = 0
        for candidate in rows {
            let policy = policy(at: now, for: candidate.area).riskAreas
            guard let next = candidate.designation.nextStep(lastCaseAt: nil, policy: policy), now >= next.at else { continue }
            let done = try await database.write { session -> Bool in
                // Read again inside the transaction: another server's sweep or an officer may have acted meanwhile.
                guard let row = try await Self.openRows(session, condition: "d.id = ?", binds: [.int(candidate.id)]).first else { return false }
                let state = try await Self.caseState(session, row)
                let stepped: RiskDesignation?
                do { stepped = try row.designation.stepDown(at: now, lastCaseAt: state.lastCaseAt, openCases: state.open, policy: policy) } catch {
                    return false
                }
                let system = Actor(userID: nil, name: "system", role: .admin, jurisdiction: row.area)
                try await Self.replace(session, row, with: stepped, at: now, actor: system)
                return true
            }
            if done { stepped += 1 }
        }
        return stepped
    }

    struct OpenRow: Sendable {
        let id: Int64
        let area: Area
        let designation: RiskDesignation
    }

    static func openRow(_ session: Session, _ id: Int64, actor: Actor) async throws -> OpenRow {
        guard let row = try await openRows(session, condition: "d.id = ?", binds: [.int(id)]).first, actor.jurisdiction.contains(row.area) else {
            throw StoreError(.notFound, "no such standing designation")
        }
        return row
    }

    static func openRows(_ session: Session, condition: String, binds: [SQLValue]) async throws -> [OpenRow] {
        let rows = try await session.select("""
            SELECT d.id, d.area_id, d.level, d.since, d.stepped_down FROM risk_areas d WHERE d.ended_at IS NULL AND \(condition) ORDER BY d.id
            """, binds: binds, types: [.int, .int, .text, .int, .int])
        var out: [OpenRow] = []
        for r in rows {
            guard let level = r[2].text.flatMap(AreaRisk.init), let area = try await Database.area(session.sql, id: r[1].int!) else { continue }
            out.append(OpenRow(id: r[0].int!, area: area, designation: RiskDesignation(level: level, since: r[3].int!, steppedDown: r[4].int == 1)))
        }
        return out
    }

    /// The latest case and the open ones behind a designation: cases linked to it, and cases of people living in the
    /// area. Driven from the cases, which are few beside the residents.
    static func caseState(_ session: Session, _ row: OpenRow) async throws -> (lastCaseAt: Int64?, open: Int) {
        let r = try await session.select("""
            SELECT MAX(k.reported_at), COALESCE(SUM(CASE WHEN k.closed_at IS NULL THEN 1 ELSE 0 END), 0) FROM cases k JOIN residents r ON r.id = k.resident_id
            WHERE \(row.area.inside("r")) OR k.id IN (SELECT case_id FROM risk_area_cases WHERE risk_area_id = ?)
            """, binds: [.int(row.area.id), .int(row.id)], types: [.int, .int]).first
        return (r?[0].int, Int(r?[1].int ?? 0))
    }

    /// Ends `row` at `at` and opens its next level (when there is one), carrying its cases over.
    static func replace(_ session: Session, _ row: OpenRow, with next: RiskDesignation?, at now: Int64, actor: Actor) async throws {
        try await session.execute("UPDATE risk_areas SET ended_at = ?, end_kind = 'stepped_down', ended_by = ? WHERE id = ?",
                                 binds: [.int(next?.since ?? now), .text(actor.name), .int(row.id)])
        var detail = "designation \(row.id) \(row.designation.level.rawValue) → "
        if let next {
            let id = try await session.execute("""
                INSERT INTO risk_areas (area_id, level, since, stepped_down, previous_id, reason, policy_id, created_by)
                SELECT area_id, ?, ?, 1, id, reason, ?, ? FROM risk_areas WHERE id = ? RETURNING id
                """, binds: [.text(next.level.rawValue), .int(next.since), .text(session.policy(at: now, district: row.area.ancestors[.district]).id), .text(actor.name), .int(row.id)], returning: [.int]).first![0].int!
            try await session.execute("INSERT INTO risk_area_cases (risk_area_id, case_id) SELECT ?, case_id FROM risk_area_cases WHERE risk_area_id = ?",
                                     binds: [.int(id), .int(row.id)])
            detail += "\(next.level.rawValue) (designation \(id))"
        } else {
            detail += "ended"
        }
        try await Journal.append(session, actor: actor, action: "risk_area.step_down", subjectType: "area", subjectID: row.area.code,
                                 reason: "days without a case", detail: detail)
        try await refreshPeople(session, row, now: now)
    }

    /// Reassesses the residents of a designation's area and its recorded visitors.
    static func refreshPeople(_ session: Session, _ row: OpenRow, now: Int64) async throws {
        try await CodeRefresh.run(session, .area(row.area), now: now)
        try await CodeRefresh.run(session, .visitors(designations: [row.id]), now: now)
    }
}
