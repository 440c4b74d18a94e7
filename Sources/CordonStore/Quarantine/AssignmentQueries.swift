import CordonDomain

extension Quarantine {
    /// Measures the actor may see, newest first: the active ones, or those that ended.
    public func assignments(actor: Actor, active: Bool = true, siteID: Int64? = nil, limit: Int = 1_000) async throws -> [AssignmentRecord] {
        try actor.require(.readQuarantine)
        let scope = Self.scope(actor)
        var condition = "q.status \(active ? "=" : "<>") 'active' AND \(scope.sql)"
        var binds = scope.binds
        if let siteID {
            condition += " AND EXISTS (SELECT 1 FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id WHERE y.assignment_id = q.id AND m.site_id = ?)"
            binds.append(.int(siteID))
        }
        let (c, b) = (condition, binds)
        return try await database.read { session in
            try await Self.records(session, condition: c, binds: b, limit: limit)
        }
    }

    /// One measure, as its staff open it: the read is audited like any look at a person.
    public func openAssignment(_ id: Int64, actor: Actor, now: Int64? = nil) async throws -> AssignmentRecord {
        let now = now ?? clock.now()
        try actor.require(.readQuarantine)
        guard let userID = actor.userID else { throw StoreError(.forbidden, "reads are audited by user") }
        return try await database.write { session in
            let person = try await Self.visibleAssignment(session, id, actor: actor)
            try await session.execute("INSERT INTO audit_reads (at, user_id, username, resident_id, purpose) VALUES (?, ?, ?, ?, 'quarantine')",
                                     binds: [.int(now), .int(userID), .text(actor.name), .int(person)])
            guard let record = try await Self.records(session, condition: "q.id = ?", binds: [.int(id)], limit: 1).first else {
                throw StoreError(.notFound, "no such measure")
            }
            return record
        }
    }

    /// A citizen's own measures and those of the people they act for, active ones first.
    public func ownAssignments(actor: Actor) async throws -> [AssignmentRecord] {
        let people = try await ownPeople(actor: actor)
        guard !people.isEmpty else { return [] }
        return try await database.read { session in
            let list = session.list(Array(people))
            return try await Self.records(session, condition: "q.resident_id IN (\(list.sql))", binds: [list.bind], limit: 50)
                .sorted { ($0.status == .active ? 0 : 1, -$0.schedule.start) < ($1.status == .active ? 0 : 1, -$1.schedule.start) }
        }
    }

    /// The tests of one measure with what was sampled in each test's day.
    public func tests(assignmentID: Int64, actor: Actor) async throws -> [ScheduledTest] {
        try actor.require(.readQuarantine)
        return try await database.read { session in
            _ = try await Self.visibleAssignment(session, assignmentID, actor: actor)
            return try await Self.scheduledTests(session, condition: "t.assignment_id = ?", binds: [.int(assignmentID)])
        }
    }

    /// The tests due on `day` for active measures the actor may see (optionally at one site): the day's sampling
    /// list, with what is done.
    public func testsDue(on day: CivilDate, siteID: Int64? = nil, actor: Actor) async throws -> [ScheduledTest] {
        try actor.require(.readQuarantine)
        let scope = Self.scope(actor)
        var condition = "q.status = 'active' AND t.due_from >= ? AND t.due_from < ? AND \(scope.sql)"
        var binds: [SQLValue] = [.int(day.startUnixTime()), .int(day.adding(days: 1).startUnixTime())] + scope.binds
        if let siteID {
            condition += " AND EXISTS (SELECT 1 FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id WHERE y.assignment_id = q.id AND m.site_id = ? AND y.ended_at IS NULL)"
            binds.append(.int(siteID))
        }
        let (c, b) = (condition, binds)
        return try await database.read { session in try await Self.scheduledTests(session, condition: c, binds: b) }
    }

    /// Active measures the actor may see with fewer checks today than the policy asks for.
    public func checksDue(actor: Actor, now: Int64? = nil) async throws -> [(assignment: AssignmentRecord, done: Int, required: Int)] {
        let now = now ?? clock.now()
        let required = policy(at: now).quarantine.checksPerDay
        let today = CivilDate(unixTime: now).startUnixTime()
        let active = try await assignments(actor: actor, active: true, limit: 5_000)
        guard !active.isEmpty else { return [] }
        let counts = try await database.read { session in
            let list = session.list(active.map(\.id))
            return try await session.select("""
                SELECT assignment_id, COUNT(*) FROM quarantine_checks WHERE at >= ? AND assignment_id IN (\(list.sql)) GROUP BY assignment_id
                """, binds: [.int(today), list.bind], types: [.int, .int])
        }
        var done: [Int64: Int] = [:]
        for r in counts { done[r[0].int!] = Int(r[1].int!) }
        return active.compactMap { a in
            let n = done[a.id] ?? 0
            return n < required ? (a, n, required) : nil
        }
    }

    /// A test of a measure's schedule as read: the person, the phase, the window, and what was sampled in it.
    struct TestRow: Decodable {
        let assignmentId: Int64
        let residentId: Int64
        let name: String
        let kind: String
        let day: Int
        let dueFrom: Int64
        let dueBy: Int64
        let sampledAt: Int64?
        let result: String?
        let roomNumber: String?
    }

    static func scheduledTests(_ session: Session, condition: String, binds: [SQLValue]) async throws -> [ScheduledTest] {
        try await session.rows(TestRow.self, """
            SELECT t.assignment_id, q.resident_id, r.name, p.kind, t.day, t.due_from, t.due_by,
                   (SELECT MIN(m.sampled_at) FROM tube_members m WHERE m.resident_id = q.resident_id AND m.sampled_at >= t.due_from AND m.sampled_at < t.due_by) AS sampled_at,
                   (SELECT b.result FROM tube_members m JOIN tubes b ON b.id = m.tube_id
                    WHERE m.resident_id = q.resident_id AND m.sampled_at >= t.due_from AND m.sampled_at < t.due_by ORDER BY m.sampled_at LIMIT 1) AS result,
                   (SELECT n.number FROM room_stays y JOIN quarantine_rooms n ON n.id = y.room_id WHERE y.assignment_id = q.id AND y.ended_at IS NULL) AS room_number
            FROM quarantine_tests t JOIN quarantine_assignments q ON q.id = t.assignment_id
            JOIN quarantine_phases p ON p.assignment_id = t.assignment_id AND p.idx = t.phase JOIN residents r ON r.id = q.resident_id
            WHERE \(condition) ORDER BY t.due_from, r.name, t.assignment_id LIMIT 20000
            """, binds: binds).map { r in
            ScheduledTest(assignmentID: r.assignmentId, residentID: r.residentId, name: r.name, phaseKind: QuarantineKind(rawValue: r.kind) ?? .central,
                          day: r.day, dueFrom: r.dueFrom, dueBy: r.dueBy, sampledAt: r.sampledAt, result: r.result.flatMap(TestResult.init),
                          roomNumber: r.roomNumber)
        }
    }

    /// A measure as read, before its schedule and stay are put with it.
    struct AssignmentRow: Decodable {
        let id: Int64
        let residentId: Int64
        let name: String
        let address: String?
        let tier: String
        let policyId: String
        let contactId: Int64?
        let arrivalId: Int64?
        let status: String
        let endedAt: Int64?
        let endKind: String?
        let endReason: String?
    }

    struct PhaseRow: Decodable {
        let assignmentId: Int64
        let kind: String
        let startsAt: Int64
        let endsAt: Int64
    }

    struct PlannedTestRow: Decodable {
        let assignmentId: Int64
        let phase: Int
        let day: Int
        let dueFrom: Int64
        let dueBy: Int64
    }

    struct StayRow: Decodable {
        let assignmentId: Int64
        let roomId: Int64
        let siteId: Int64
        let siteCode: String
        let siteName: String
        let roomNumber: String
        let carerName: String?
        let plannedUntil: Int64
        let endedAt: Int64?
    }

    /// Reads measures with their schedules and latest stay: one query for the rows, one each for phases, tests and
    /// stays of all of them.
    static func records(_ session: Session, condition: String, binds: [SQLValue], limit: Int) async throws -> [AssignmentRecord] {
        let rows = try await session.rows(AssignmentRow.self, """
            SELECT q.id, q.resident_id, r.name, r.address, q.tier, q.policy_id, q.contact_id, q.arrival_id, q.status, q.ended_at, q.end_kind, q.end_reason
            FROM quarantine_assignments q JOIN residents r ON r.id = q.resident_id WHERE \(condition)
            ORDER BY q.starts_at DESC, q.id DESC LIMIT \(max(1, min(limit, 20_000)))
            """, binds: binds)
        guard !rows.isEmpty else { return [] }
        let list = session.list(rows.map(\.id))
        var phases: [Int64: [QuarantineSchedule.Phase]] = [:]
        for r in try await session.rows(PhaseRow.self, """
            SELECT assignment_id, kind, starts_at, ends_at FROM quarantine_phases WHERE assignment_id IN (\(list.sql)) ORDER BY assignment_id, idx
            """, binds: [list.bind]) {
            phases[r.assignmentId, default: []].append(.init(kind: QuarantineKind(rawValue: r.kind) ?? .central, start: r.startsAt, end: r.endsAt))
        }
        var tests: [Int64: [QuarantineSchedule.Test]] = [:]
        for r in try await session.rows(PlannedTestRow.self, """
            SELECT assignment_id, phase, day, due_from, due_by FROM quarantine_tests WHERE assignment_id IN (\(list.sql)) ORDER BY assignment_id, idx
            """, binds: [list.bind]) {
            tests[r.assignmentId, default: []].append(.init(phase: r.phase, day: r.day, dueFrom: r.dueFrom, dueBy: r.dueBy))
        }
        var stays: [Int64: AssignmentRecord.Stay] = [:]
        for r in try await session.rows(StayRow.self, """
            SELECT y.assignment_id, m.id AS room_id, s.id AS site_id, s.code AS site_code, s.name AS site_name, m.number AS room_number,
                   c.name AS carer_name, y.planned_until, y.ended_at
            FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id JOIN quarantine_sites s ON s.id = m.site_id
            LEFT JOIN residents c ON c.id = y.carer_resident_id
            WHERE y.assignment_id IN (\(list.sql)) ORDER BY y.assignment_id, y.started_at, y.id
            """, binds: [list.bind]) {
            stays[r.assignmentId] = AssignmentRecord.Stay(roomID: r.roomId, siteID: r.siteId, siteCode: r.siteCode, siteName: r.siteName,
                                                          roomNumber: r.roomNumber, carerName: r.carerName, plannedUntil: r.plannedUntil,
                                                          open: r.endedAt == nil)
        }
        return rows.compactMap { r in
            guard let tier = MeasureTier(rawValue: r.tier), let status = AssignmentRecord.Status(rawValue: r.status) else { return nil }
            let source: MeasureSource = r.contactId != nil ? .contact : r.arrivalId != nil ? .arrival : .manual
            return AssignmentRecord(id: r.id, residentID: r.residentId, name: r.name, address: r.address ?? "", tier: tier, policyID: r.policyId,
                                    source: source, contactID: r.contactId, arrivalID: r.arrivalId,
                                    schedule: QuarantineSchedule(tier: tier, phases: phases[r.id] ?? [], tests: tests[r.id] ?? []),
                                    status: status, endedAt: r.endedAt, endKind: r.endKind, endReason: r.endReason, stay: stays[r.id])
        }
    }

    /// The person under a measure the actor may see, or not found.
    static func visibleAssignment(_ session: Session, _ id: Int64, actor: Actor) async throws -> Int64 {
        let scope = Self.scope(actor)
        guard let r = try await session.select("""
            SELECT q.resident_id FROM quarantine_assignments q JOIN residents r ON r.id = q.resident_id WHERE q.id = ? AND \(scope.sql)
            """, binds: [.int(id)] + scope.binds, types: [.int]).first else { throw StoreError(.notFound, "no such measure") }
        return r[0].int!
    }

    /// The same for a measure still running.
    static func activeAssignment(_ session: Session, _ id: Int64, actor: Actor) async throws -> Int64 {
        let person = try await visibleAssignment(session, id, actor: actor)
        guard try await session.select("SELECT id FROM quarantine_assignments WHERE id = ? AND status = 'active'", binds: [.int(id)], types: [.int])
            .first != nil else { throw StoreError(.conflict, "the measure has ended") }
        return person
    }
}
