import CordonDomain

/// Which residents a set-based read of facts covers: a list of ids (the people an event touched) or everyone under
/// an area (a designation, a policy change).
enum ResidentSet {
    case ids([Int64])
    case area(Area)

    /// A condition on `residents r` and its one bind.
    func condition(_ session: Session) -> (sql: String, bind: SQLValue) {
        switch self {
        case .ids(let ids):
            let list = session.list(ids)
            return ("r.id IN (\(list.sql))", list.bind)
        case .area(let area):
            return ("r.\(area.level.rawValue)_id = ?", .int(area.id))
        }
    }
}

/// Gathers `HealthFacts` for many people at once: one query per kind of fact over the whole set, joined to the set in
/// SQL, so an area of 100,000 costs a handful of scans rather than 100,000 lookups.
enum CodeFacts {
    /// A person's code as stored, to compare a new assessment with.
    struct Stored: Equatable, Sendable {
        let colour: String
        let reasons: String
        let changesAt: Int64?
        let policy: String
    }

    /// The facts of everyone in `set`, and their stored codes, read in the same pass over the residents.
    static func gather(_ session: Session, _ set: ResidentSet, now: Int64) async throws -> (facts: [Int64: HealthFacts], stored: [Int64: Stored]) {
        let policy = PolicyPreset.inForce(on: CivilDate(unixTime: now)).screening
        let (condition, bind) = set.condition(session)
        var groups: [Int64: WorkGroup?] = [:]
        var stored: [Int64: Stored] = [:]
        for r in try await session.select("""
            SELECT r.id, r.work_group, c.colour, c.reasons, c.changes_at, c.policy_id FROM residents r
            LEFT JOIN health_codes c ON c.resident_id = r.id WHERE \(condition)
            """, binds: [bind], types: [.int, .text, .text, .text, .int, .text]) {
            // `updateValue`, because assigning a nil group through the subscript would drop the person.
            groups.updateValue(r[1].text.flatMap(WorkGroup.init), forKey: r[0].int!)
            if let colour = r[2].text {
                stored[r[0].int!] = Stored(colour: colour, reasons: r[3].text ?? "[]", changesAt: r[4].int, policy: r[5].text ?? "")
            }
        }
        var samples: [Int64: (last: Int64, result: TestResult?, tube: Int64, negative: Int64?)] = [:]
        for r in try await session.select("""
            SELECT m.resident_id, m.sampled_at, m.tube_id, t.result FROM tube_members m JOIN tubes t ON t.id = m.tube_id
            WHERE m.resident_id IN (SELECT r.id FROM residents r WHERE \(condition))
            """, binds: [bind], types: [.int, .int, .int, .text]) {
            let id = r[0].int!, at = r[1].int!, tube = r[2].int!, result = r[3].text.flatMap(TestResult.init)
            var entry = samples[id] ?? (.min, nil, .min, nil)
            if (at, tube) > (entry.last, entry.tube) { entry = (at, result, tube, entry.negative) }
            if result == .negative { entry.negative = max(entry.negative ?? .min, at) }
            samples[id] = entry
        }
        var orders: [Int64: Set<ReflexAction>] = [:]
        for r in try await session.select("""
            SELECT o.resident_id, o.action FROM screening_orders o
            WHERE o.closed_at IS NULL AND o.resident_id IN (SELECT r.id FROM residents r WHERE \(condition))
            """, binds: [bind], types: [.int, .text]) {
            if let action = r[1].text.flatMap(ReflexAction.init) { orders[r[0].int!, default: []].insert(action) }
        }
        var manual: [Int64: [ManualColour]] = [:]
        for r in try await session.select("""
            SELECT c.resident_id, c.id, c.colour, c.reason, c.decided_at, c.expires_at FROM manual_colours c
            WHERE c.approved = 1 AND c.expires_at > ? AND c.resident_id IN (SELECT r.id FROM residents r WHERE \(condition))
            """, binds: [.int(now), bind], types: [.int, .int, .text, .text, .int, .int]) {
            guard let colour = r[2].text.flatMap(CodeColour.init) else { continue }
            manual[r[0].int!, default: []].append(ManualColour(requestID: r[1].int!, colour: colour, reason: r[3].text!,
                                                                approvedAt: r[4].int!, expiresAt: r[5].int!))
        }
        // Cases, contacts and risk points are few beside the residents: each is read from its own table outward.
        var cases: [Int64: [CaseFact]] = [:]
        for r in try await session.select("""
            SELECT k.resident_id, k.id, k.classification, k.reported_at, k.closed_at FROM cases k JOIN residents r ON r.id = k.resident_id
            WHERE k.closed_at IS NULL AND \(condition)
            """, binds: [bind], types: [.int, .int, .text, .int, .int]) {
            guard let classification = r[2].text.flatMap(CaseClassification.init) else { continue }
            cases[r[0].int!, default: []].append(CaseFact(caseID: r[1].int!, classification: classification, since: r[3].int!, closedAt: r[4].int))
        }
        var contacts: [Int64: [ContactFact]] = [:]
        for r in try await session.select("""
            SELECT c.resident_id, c.id, c.tier, c.confirmed_at FROM contacts c JOIN residents r ON r.id = c.resident_id
            WHERE c.closed_at IS NULL AND \(condition)
            """, binds: [bind], types: [.int, .int, .text, .int]) {
            guard let tier = r[2].text.flatMap(ContactTier.init) else { continue }
            contacts[r[0].int!, default: []].append(ContactFact(contactID: r[1].int!, tier: tier, since: r[3].int!))
        }
        var riskVisits: [Int64: [RiskPointVisit]] = [:]
        for r in try await session.select("""
            SELECT x.resident_id, x.risk_point_id, v.name, x.visited_at FROM risk_point_visits x JOIN risk_points p ON p.id = x.risk_point_id
            JOIN venues v ON v.id = p.venue_id JOIN residents r ON r.id = x.resident_id WHERE p.lifted_at IS NULL AND \(condition)
            """, binds: [bind], types: [.int, .int, .text, .int]) {
            riskVisits[r[0].int!, default: []].append(RiskPointVisit(riskPointID: r[1].int!, venueName: r[2].text!, visitedAt: r[3].int!))
        }

        var facts: [Int64: HealthFacts] = [:]
        facts.reserveCapacity(groups.count)
        for (id, group) in groups {
            let sample = samples[id]
            var f = HealthFacts()
            f.testing = TestingFacts(
                lastSampledAt: sample?.last, lastResult: sample?.result, lastNegativeSampledAt: sample?.negative,
                openOrders: orders[id].map { $0.sorted { $0.rawValue < $1.rawValue } } ?? [], workGroup: group,
                routine: RoutineState(group: group, areaRisk: nil, lastSampledAt: sample?.last, now: now, policy: policy.routine),
                policy: policy)
            f.manualColours = manual[id] ?? []
            f.cases = cases[id] ?? []
            f.contacts = contacts[id] ?? []
            f.riskPointVisits = riskVisits[id] ?? []
            facts[id] = f
        }
        return (facts, stored)
    }
}
