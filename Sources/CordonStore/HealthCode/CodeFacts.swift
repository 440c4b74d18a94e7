import CordonDomain

/// Which residents a set-based read of facts covers: a list of ids (the people an event touched) or everyone under
/// an area (a designation, a policy change).
enum ResidentSet {
    case ids([Int64])
    case area(Area)
    /// Everyone under any of these areas, all at one level (the communities of a designation).
    case areas(level: AreaLevel, ids: [Int64])
    /// The people recorded as visitors of these designations: read through their own index rather than a list of
    /// a hundred thousand ids.
    case visitors(designations: [Int64])

    /// Whether the set is everyone under some areas, found through an ancestor column's index.
    var isAreas: Bool {
        switch self {
        case .area, .areas: true
        case .ids, .visitors: false
        }
    }

    /// A condition on `residents r` and its one bind.
    func condition(_ session: Session) -> (sql: String, bind: SQLValue) {
        switch self {
        case .ids(let ids):
            let list = session.list(ids)
            return ("r.id IN (\(list.sql))", list.bind)
        case .area(let area):
            return ("\(area.inside("r"))", .int(area.id))
        case .areas(let level, let ids):
            let list = session.list(ids)
            return ("r.\(level.rawValue)_id IN (\(list.sql))", list.bind)
        case .visitors(let designations):
            let list = session.list(designations)
            return ("r.id IN (SELECT x.resident_id FROM risk_area_visits x WHERE x.risk_area_id IN (\(list.sql)))", list.bind)
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
    static func gather(_ session: Session, _ set: ResidentSet, now: Int64) async throws
        -> (facts: [Int64: HealthFacts], stored: [Int64: Stored], districts: [Int64: Int64]) {
        let schedule = session.policies.schedule
        let cityScreening = schedule.inForce(at: now).screening
        let screeningByDistrict = schedule.districtPresets(at: now).mapValues(\.screening)
        var (condition, bind) = set.condition(session)
        var groups: [Int64: WorkGroup?] = [:]
        var stored: [Int64: Stored] = [:]
        // Standing designations are few; each resident's is found by walking their own ancestors.
        let designated = try await designations(session)
        var residence: [Int64: AreaRiskFact] = [:]
        var districts: [Int64: Int64] = [:]
        let levels = designationLevels.map { "r.\($0.rawValue)_id" }.joined(separator: ", ")
        for r in try await session.select("""
            SELECT r.id, r.work_group, c.colour, c.reasons, c.changes_at, c.policy_id, \(levels), r.district_id FROM residents r
            LEFT JOIN health_codes c ON c.resident_id = r.id WHERE \(condition)
            """, binds: [bind], types: [.int, .text, .text, .text, .int, .text] + designationLevels.map { _ in .int } + [.int]) {
            let id = r[0].int!
            if let district = r[6 + designationLevels.count].int { districts[id] = district }
            // `updateValue`, because assigning a nil group through the subscript would drop the person.
            groups.updateValue(r[1].text.flatMap(WorkGroup.init), forKey: id)
            if let colour = r[2].text {
                stored[id] = Stored(colour: colour, reasons: r[3].text ?? "[]", changesAt: r[4].int, policy: r[5].text ?? "")
            }
            if !designated.isEmpty {
                for i in designationLevels.indices {
                    guard let area = r[6 + i].int, let fact = designated[area] else { continue }
                    if residence[id].map({ fact.risk > $0.risk }) ?? true { residence[id] = fact }
                }
            }
        }
        // A large set given by ids or as a designation's visitors is written once into a temporary table keyed by id, so
        // each query below probes it instead of rebuilding the set from its definition. An area needs none: its
        // residents are found through their ancestor column's index.
        var setBinds = [bind]
        let large = !set.isAreas && groups.count > 1_000
        if large {
            try await session.execute("DROP TABLE IF EXISTS refresh_set", binds: [])
            try await session.execute("CREATE TEMPORARY TABLE refresh_set (id BIGINT PRIMARY KEY)", binds: [])
            try await session.insert(into: "refresh_set", columns: ["id"], rows: groups.keys.sorted().map { [.int($0)] })
            condition = "r.id IN (SELECT id FROM refresh_set)"
            setBinds = []
        }
        // A fact table's rows of the set's people. Over the temporary table, the small tables of open facts are read
        // from their own side and each row's person looked up in the set (`+` keeps SQLite from probing the table's
        // index once per person of the set instead); otherwise the set's own condition on `residents r` applies.
        let fixedCondition = condition
        func people(_ column: String, joined: Bool) -> String {
            if large { return "+\(column) IN (SELECT id FROM refresh_set)" }
            return joined ? fixedCondition : "\(column) IN (SELECT r.id FROM residents r WHERE \(fixedCondition))"
        }
        var samples: [Int64: (last: Int64, result: TestResult?, tube: Int64, negative: Int64?)] = [:]
        for r in try await session.select("""
            SELECT m.resident_id, m.sampled_at, m.tube_id, t.result FROM tube_members m JOIN tubes t ON t.id = m.tube_id
            WHERE m.resident_id IN (SELECT r.id FROM residents r WHERE \(condition))
            """, binds: setBinds, types: [.int, .int, .int, .text]) {
            let id = r[0].int!, at = r[1].int!, tube = r[2].int!, result = r[3].text.flatMap(TestResult.init)
            var entry = samples[id] ?? (.min, nil, .min, nil)
            if (at, tube) > (entry.last, entry.tube) { entry = (at, result, tube, entry.negative) }
            if result == .negative { entry.negative = max(entry.negative ?? .min, at) }
            samples[id] = entry
        }
        var orders: [Int64: Set<ReflexAction>] = [:]
        for r in try await session.select("""
            SELECT o.resident_id, o.action FROM screening_orders o
            WHERE o.closed_at IS NULL AND \(people("o.resident_id", joined: false))
            """, binds: setBinds, types: [.int, .text]) {
            if let action = r[1].text.flatMap(ReflexAction.init) { orders[r[0].int!, default: []].insert(action) }
        }
        var manual: [Int64: [ManualColour]] = [:]
        for r in try await session.select("""
            SELECT c.resident_id, c.id, c.colour, c.reason, c.decided_at, c.expires_at FROM manual_colours c
            WHERE c.approved = 1 AND c.expires_at > ? AND \(people("c.resident_id", joined: false))
            """, binds: [.int(now)] + setBinds, types: [.int, .int, .text, .text, .int, .int]) {
            guard let colour = r[2].text.flatMap(CodeColour.init) else { continue }
            manual[r[0].int!, default: []].append(ManualColour(requestID: r[1].int!, colour: colour, reason: r[3].text!,
                                                                approvedAt: r[4].int!, expiresAt: r[5].int!))
        }
        // Cases, contacts and risk points are few beside the residents: each is read from its own table outward.
        var cases: [Int64: [CaseFact]] = [:]
        for r in try await session.select("""
            SELECT k.resident_id, k.id, k.classification, k.reported_at, k.closed_at FROM cases k JOIN residents r ON r.id = k.resident_id
            WHERE k.closed_at IS NULL AND \(people("k.resident_id", joined: true))
            """, binds: setBinds, types: [.int, .int, .text, .int, .int]) {
            guard let classification = r[2].text.flatMap(CaseClassification.init) else { continue }
            cases[r[0].int!, default: []].append(CaseFact(caseID: r[1].int!, classification: classification, since: r[3].int!, closedAt: r[4].int))
        }
        var contacts: [Int64: [ContactFact]] = [:]
        for r in try await session.select("""
            SELECT c.resident_id, c.id, c.tier, c.confirmed_at FROM contacts c JOIN residents r ON r.id = c.resident_id
            WHERE c.closed_at IS NULL AND \(people("c.resident_id", joined: true))
            """, binds: setBinds, types: [.int, .int, .text, .int]) {
            guard let tier = r[2].text.flatMap(ContactTier.init) else { continue }
            contacts[r[0].int!, default: []].append(ContactFact(contactID: r[1].int!, tier: tier, since: r[3].int!))
        }
        var quarantines: [Int64: [QuarantineFact]] = [:]
        // The last phase lasts until release: a person whose schedule ran out but who is not released yet stays under it.
        for r in try await session.select("""
            SELECT q.resident_id, q.id, p.kind, p.starts_at, p.ends_at, p.idx, (SELECT MAX(x.idx) FROM quarantine_phases x WHERE x.assignment_id = q.id)
            FROM quarantine_assignments q JOIN quarantine_phases p ON p.assignment_id = q.id JOIN residents r ON r.id = q.resident_id
            WHERE q.status = 'active' AND \(people("q.resident_id", joined: true))
            """, binds: setBinds, types: [.int, .int, .text, .int, .int, .int, .int]) {
            guard let kind = r[2].text.flatMap(QuarantineKind.init) else { continue }
            let last = r[5].int == r[6].int
            quarantines[r[0].int!, default: []].append(QuarantineFact(assignmentID: r[1].int!, kind: kind, since: r[3].int!, until: last ? nil : r[4].int))
        }
        var areaVisits: [Int64: [RiskAreaVisit]] = [:]
        for r in try await session.select("""
            SELECT x.resident_id, x.risk_area_id, a.name, x.visited_at FROM risk_area_visits x JOIN risk_areas d ON d.id = x.risk_area_id
            JOIN areas a ON a.id = d.area_id JOIN residents r ON r.id = x.resident_id
            WHERE (d.end_kind IS NULL OR d.end_kind = 'stepped_down') AND \(people("x.resident_id", joined: true))
            """, binds: setBinds, types: [.int, .int, .text, .int]) {
            areaVisits[r[0].int!, default: []].append(RiskAreaVisit(designationID: r[1].int!, areaName: r[2].text!, visitedAt: r[3].int!))
        }
        var arrivalTests: [Int64: [ArrivalTest]] = [:]
        // A test counts from the start of its day; a late one still clears the missed test it answers.
        for r in try await session.select("""
            SELECT a.resident_id, t.arrival_id, t.day, t.due_by,
                   (SELECT MIN(m.sampled_at) FROM tube_members m WHERE m.resident_id = a.resident_id AND m.sampled_at >= t.due_from)
            FROM arrival_tests t JOIN arrivals a ON a.id = t.arrival_id JOIN residents r ON r.id = a.resident_id
            WHERE a.arrived_at >= ? AND \(people("a.resident_id", joined: true))
            """, binds: [.int(now - Int64(ArrivalReport.lateDays) * 86_400)] + setBinds, types: [.int, .int, .int, .int, .int]) {
            arrivalTests[r[0].int!, default: []].append(ArrivalTest(arrivalID: r[1].int!, day: Int(r[2].int!), dueBy: r[3].int!, sampledAt: r[4].int))
        }
        var riskVisits: [Int64: [RiskPointVisit]] = [:]
        for r in try await session.select("""
            SELECT x.resident_id, x.risk_point_id, v.name, x.visited_at FROM risk_point_visits x JOIN risk_points p ON p.id = x.risk_point_id
            JOIN venues v ON v.id = p.venue_id JOIN residents r ON r.id = x.resident_id WHERE p.lifted_at IS NULL AND \(people("x.resident_id", joined: true))
            """, binds: setBinds, types: [.int, .int, .text, .int]) {
            riskVisits[r[0].int!, default: []].append(RiskPointVisit(riskPointID: r[1].int!, venueName: r[2].text!, visitedAt: r[3].int!))
        }

        if large { try await session.execute("DROP TABLE refresh_set", binds: []) }
        var facts: [Int64: HealthFacts] = [:]
        facts.reserveCapacity(groups.count)
        for (id, group) in groups {
            let sample = samples[id]
            let policy = districts[id].flatMap { screeningByDistrict[$0] } ?? cityScreening
            var f = HealthFacts()
            f.testing = TestingFacts(
                lastSampledAt: sample?.last, lastResult: sample?.result, lastNegativeSampledAt: sample?.negative,
                openOrders: orders[id].map { $0.sorted { $0.rawValue < $1.rawValue } } ?? [], workGroup: group,
                routine: RoutineState(group: group, areaRisk: residence[id]?.risk, lastSampledAt: sample?.last, now: now, policy: policy.routine),
                policy: policy)
            f.manualColours = manual[id] ?? []
            f.cases = cases[id] ?? []
            f.contacts = contacts[id] ?? []
            f.riskPointVisits = riskVisits[id] ?? []
            f.quarantines = quarantines[id] ?? []
            f.residenceRisk = residence[id]
            f.riskAreaVisits = areaVisits[id] ?? []
            f.arrivalTests = arrivalTests[id] ?? []
            facts[id] = f
        }
        return (facts, stored, districts)
    }

    /// The levels a designation may be drawn at, whose ancestor columns every resident row carries.
    static let designationLevels: [AreaLevel] = [.street, .community, .grid, .compound, .building, .unit]

    /// Standing designations by area id, with the area's name for the reason.
    static func designations(_ session: Session) async throws -> [Int64: AreaRiskFact] {
        var out: [Int64: AreaRiskFact] = [:]
        for r in try await session.select("""
            SELECT d.area_id, a.name, d.level FROM risk_areas d JOIN areas a ON a.id = d.area_id WHERE d.ended_at IS NULL
            """, binds: [], types: [.int, .text, .text]) {
            guard let level = r[2].text.flatMap(AreaRisk.init) else { continue }
            out[r[0].int!] = AreaRiskFact(areaID: r[0].int!, areaName: r[1].text!, risk: level)
        }
        return out
    }
}
