import CordonDomain

extension RiskAreas {
    /// Standing designations in the actor's jurisdiction (or, with `ended`, those that ended lately), with residents,
    /// visitors, cases and when each steps down by itself.
    public func designations(actor: Actor, ended: Bool = false, now: Int64? = nil) async throws -> [RiskAreaRecord] {
        let now = now ?? clock.now()
        try actor.require(.readRiskAreas)
        let scope = actor.jurisdiction
        return try await database.read { session in
            let rows = try await session.select("""
                SELECT d.id, d.area_id, a.code, a.name, a.level, d.level, d.since, d.stepped_down, d.reason, d.ended_at, d.end_kind,
                       (SELECT COUNT(*) FROM risk_area_visits x WHERE x.risk_area_id = d.id)
                FROM risk_areas d JOIN areas a ON a.id = d.area_id
                WHERE \(ended ? "d.ended_at IS NOT NULL AND d.ended_at >= ?" : "d.ended_at IS NULL AND ? = ?") AND \(scope.inside("a"))
                ORDER BY d.since DESC, d.id DESC LIMIT 1000
                """, binds: ended ? [.int(now - 30 * 86_400), .int(actor.jurisdiction.id)] : [.int(0), .int(0), .int(actor.jurisdiction.id)],
                types: [.int, .int, .text, .text, .text, .text, .int, .int, .text, .int, .text, .int])
            var out: [RiskAreaRecord] = []
            for r in rows {
                guard let areaLevel = r[4].text.flatMap(AreaLevel.init), let risk = r[5].text.flatMap(AreaRisk.init),
                      let area = try await Database.area(session.sql, id: r[1].int!) else { continue }
                let row = OpenRow(id: r[0].int!, area: area, designation: RiskDesignation(level: risk, since: r[6].int!, steppedDown: r[7].int == 1))
                let state = try await Self.caseState(session, row)
                let next = r[9].int == nil ? row.designation.nextStep(lastCaseAt: state.lastCaseAt, policy: policy(at: now, for: area).riskAreas) : nil
                let cases = try await session.select("SELECT case_id FROM risk_area_cases WHERE risk_area_id = ? ORDER BY case_id", binds: [.int(row.id)],
                                                     types: [.int]).compactMap { $0[0].int }
                let residents = try await session.select("SELECT COUNT(*) FROM residents WHERE \(areaLevel.rawValue)_id = ?", binds: [.int(area.id)],
                                                         types: [.int]).first?[0].int ?? 0
                let names = try await Registry.ancestorNames(session, of: [area])
                let within = AreaLevel.allCases.filter { $0 > .city && $0 < area.level }.compactMap { area.ancestors[$0].flatMap { names[$0] } }
                out.append(RiskAreaRecord(id: row.id, areaID: area.id, areaCode: r[2].text!, areaName: r[3].text!,
                                          within: within.joined(separator: " "), areaLevel: areaLevel, level: risk,
                                          since: row.designation.since, steppedDown: row.designation.steppedDown, reason: r[8].text ?? "", caseIDs: cases,
                                          residents: Int(residents), visitors: Int(r[11].int ?? 0), openCases: state.open, lastCaseAt: state.lastCaseAt,
                                          nextStepAt: next?.at, nextLevel: next?.to, endedAt: r[9].int, endKind: r[10].text))
            }
            return out
        }
    }

    public func designation(_ id: Int64, actor: Actor, now: Int64? = nil) async throws -> RiskAreaRecord {
        let now = now ?? clock.now()
        if let found = try await designations(actor: actor, now: now).first(where: { $0.id == id }) { return found }
        if let found = try await designations(actor: actor, ended: true, now: now).first(where: { $0.id == id }) { return found }
        throw StoreError(.notFound, "no such designation")
    }

    /// Standing designations above low risk, for the public page: the place and level, never a person.
    public func publicAreas() async throws -> [PublicRiskArea] {
        try await database.read { session in
            let rows = try await session.select("""
                SELECT a.id, d.level, d.since FROM risk_areas d JOIN areas a ON a.id = d.area_id
                WHERE d.ended_at IS NULL AND d.level <> 'low' ORDER BY CASE d.level WHEN 'high' THEN 0 ELSE 1 END, a.code
                """, binds: [], types: [.int, .text, .int])
            var out: [PublicRiskArea] = []
            for r in rows {
                guard let level = r[1].text.flatMap(AreaRisk.init), let area = try await Database.area(session.sql, id: r[0].int!) else { continue }
                let names = try await Registry.ancestorNames(session, of: [area])
                let path = [AreaLevel.district, .street, .community].filter { $0 < area.level }.compactMap { area.ancestors[$0].flatMap { names[$0] } }
                out.append(PublicRiskArea(name: area.name, within: path.joined(separator: " "), level: level, since: r[2].int!))
            }
            return out
        }
    }

    /// The households of a designated area in the actor's jurisdiction: where the grid workers knock each day.
    public func households(designationID: Int64, actor: Actor, now: Int64? = nil) async throws -> [AreaHousehold] {
        let now = now ?? clock.now()
        try actor.require(.readRiskAreas)
        let record = try await designation(designationID, actor: actor, now: now)
        let scope = actor.jurisdiction
        // Birth dates are ISO text, so the age groups are two string comparisons: born 60 years ago or earlier, or
        // less than 14 years ago (as `SpecialGroup.derived` has it).
        let today = CivilDate(unixTime: now)
        let yearsAgo = { (n: Int) in (CivilDate(year: today.year - n, month: today.month, day: min(today.day, 28)) ?? today).description }
        let elderly = yearsAgo(60), child = yearsAgo(14)
        return try await database.read { session in
            try await session.select("""
                SELECT h.id, h.code, MIN(r.address), COUNT(*),
                       SUM(CASE WHEN r.groups <> '' OR r.birth_date <= ? OR r.birth_date > ? THEN 1 ELSE 0 END)
                FROM residents r JOIN areas h ON h.id = r.household_id
                WHERE r.\(record.areaLevel.rawValue)_id = ? AND \(scope.inside("r"))
                GROUP BY h.id, h.code ORDER BY h.code LIMIT 20000
                """, binds: [.text(elderly), .text(child), .int(record.areaID), .int(scope.id)], types: [.int, .text, .text, .int, .int]).map { r in
                AreaHousehold(householdID: r[0].int!, code: r[1].text!, address: r[2].text ?? "", residents: Int(r[3].int!), specialNeeds: Int(r[4].int ?? 0))
            }
        }
    }

    /// Visitors of a designation living in the actor's jurisdiction, with the first sample each gave after the visit.
    public func visitors(designationID: Int64, actor: Actor, untestedOnly: Bool = false, now: Int64? = nil) async throws -> [AreaVisitor] {
        let now = now ?? clock.now()
        try actor.require(.readRiskAreas)
        // Visitors live anywhere: a grid worker sees those of their own grid, whoever designated the area.
        guard try await database.read({ try await $0.select("SELECT id FROM risk_areas WHERE id = ?", binds: [.int(designationID)], types: [.int]) })
            .first != nil else { throw StoreError(.notFound, "no such designation") }
        let scope = actor.jurisdiction
        let rows = try await database.read { session in
            try await session.select("""
                SELECT r.id, r.name, r.address, x.visited_at,
                       (SELECT MIN(m.sampled_at) FROM tube_members m WHERE m.resident_id = r.id AND m.sampled_at > x.visited_at)
                FROM risk_area_visits x JOIN residents r ON r.id = x.resident_id
                WHERE x.risk_area_id = ? AND \(scope.inside("r")) ORDER BY r.address, r.id LIMIT 50000
                """, binds: [.int(designationID), .int(scope.id)], types: [.int, .text, .text, .int, .int]).map { r in
                AreaVisitor(residentID: r[0].int!, name: r[1].text!, address: r[2].text ?? "", visitedAt: r[3].int!, testedAt: r[4].int)
            }
        }
        return untestedOnly ? rows.filter { $0.testedAt == nil } : rows
    }
}
