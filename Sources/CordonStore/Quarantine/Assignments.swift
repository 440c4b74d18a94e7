import CordonDomain

/// A measure about to be written: the schedule is fixed now from the policy in force and never recomputed.
struct NewAssignment: Sendable {
    let residentID: Int64
    let tier: MeasureTier
    let source: MeasureSource
    let contactID: Int64?
    let arrivalID: Int64?
    let schedule: QuarantineSchedule
    /// The preset the schedule came from.
    let policyID: String
    let roomID: Int64?
    let carerID: Int64?
}

extension Quarantine {
    /// The people confirmed for a measure who have none yet, living in the actor's jurisdiction, oldest first: open
    /// contacts from the ledger, then arrivals held by their origin.
    public func waiting(actor: Actor, now: Int64? = nil, limit: Int = 20_000) async throws -> [WaitingPerson] {
        let now = now ?? clock.now()
        try actor.require(.readQuarantine)
        return try await database.read { session in
            try await Self.waiting(session, actor: actor, now: now, limit: limit).map(\.person)
        }
    }

    struct Waiting {
        let person: WaitingPerson
        let home: AreaPath
    }

    static func waiting(_ session: Session, actor: Actor, now: Int64, limit: Int) async throws -> [Waiting] {
        let scope = actor.jurisdiction
        let today = CivilDate(unixTime: now)
        let person = "r.id, r.name, r.address, r.birth_date, r.groups, r.city_id, r.district_id, r.street_id, r.community_id"
        let types: [SQLColumnType] = [.int, .text, .text, .text, .text, .int, .int, .int, .int, .int, .text, .int]
        let noMeasure = "NOT EXISTS (SELECT 1 FROM quarantine_assignments q WHERE q.resident_id = r.id AND q.status = 'active')"
        let contacts = try await session.select("""
            SELECT \(person), c.id, c.tier, c.confirmed_at FROM contacts c JOIN residents r ON r.id = c.resident_id
            WHERE c.closed_at IS NULL AND \(scope.inside("r")) AND \(noMeasure) ORDER BY c.confirmed_at, c.id LIMIT \(limit)
            """, binds: [.int(actor.jurisdiction.id)], types: types)
        let arrivals = try await session.select("""
            SELECT \(person), a.id, a.tier, a.arrived_at FROM arrivals a JOIN residents r ON r.id = a.resident_id
            WHERE a.tier IS NOT NULL AND a.arrived_at >= ? AND \(scope.inside("r")) AND \(noMeasure)
            AND NOT EXISTS (SELECT 1 FROM quarantine_assignments q WHERE q.arrival_id = a.id) ORDER BY a.arrived_at, a.id LIMIT \(limit)
            """, binds: [.int(now - Int64(ArrivalReport.lateDays) * 86_400), .int(actor.jurisdiction.id)], types: types)
        var seen = Set<Int64>()
        var out: [Waiting] = []
        for (source, rows) in [(MeasureSource.contact, contacts), (.arrival, arrivals)] {
            for r in rows {
                let id = r[0].int!
                guard seen.insert(id).inserted else { continue }
                let tier: MeasureTier
                if source == .contact {
                    tier = r[10].text == ContactTier.secondary.rawValue ? .secondaryContact : .closeContact
                } else {
                    guard let t = r[10].text.flatMap(MeasureTier.init) else { continue }
                    tier = t
                }
                let birth = r[3].text.flatMap(CivilDate.init(iso:)) ?? today
                let groups = SpecialGroup.derived(birthDate: birth, on: today)
                    + (r[4].text ?? "").split(separator: ";").compactMap { SpecialGroup(rawValue: String($0)) }
                var home = AreaPath()
                for (i, l) in [AreaLevel.city, .district, .street, .community].enumerated() { home[l] = r[5 + i].int }
                let policy = session.policy(at: now, district: home[.district]).quarantine
                out.append(Waiting(person: WaitingPerson(
                    residentID: id, name: r[1].text!, address: r[2].text ?? "", source: source,
                    contactID: source == .contact ? r[9].int : nil, arrivalID: source == .arrival ? r[9].int : nil, tier: tier,
                    since: r[11].int ?? now, needsRoom: policy.measures[tier]?.first?.kind == .central,
                    mayBringCarer: policy.mayBringCarer(groups)), home: home))
            }
        }
        return out
    }

    /// Places everyone waiting in the actor's jurisdiction: a schedule from the policy in force for each, a room at
    /// the nearest open site with space for those whose measure starts central, home quarantine for the rest. Those
    /// left without a room, and those whose tier the policy no longer has, are reported and stay waiting.
    public func allocate(actor: Actor, now: Int64? = nil) async throws -> AllocationReport {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        return try await database.write { session in
            try await Self.endFinishedStays(session, now: now)
            let waiting = try await Self.waiting(session, actor: actor, now: now, limit: 100_000)
            var items: [NewAssignment] = []
            var placements: [Placement] = []
            var schedules: [Int64: (Waiting, QuarantineSchedule, String)] = [:]
            var notInPolicy: [Int64] = []
            for w in waiting {
                let preset = session.policy(at: now, district: w.home[.district])
                guard let schedule = try? QuarantineSchedule(tier: w.person.tier, start: now, policy: preset.quarantine) else {
                    notInPolicy.append(w.person.residentID)
                    continue
                }
                if schedule.centralUntil != nil {
                    schedules[w.person.residentID] = (w, schedule, preset.id)
                    placements.append(Placement(residentID: w.person.residentID, home: w.home))
                } else {
                    items.append(Self.newAssignment(w.person, schedule: schedule, policyID: preset.id, roomID: nil, carerID: nil))
                }
            }
            let atHome = items.count
            let rooms = try await Self.freeRooms(session, actor: actor)
            let (assigned, unplaced) = RoomAllocation.allocate(placements, rooms: rooms)
            for placement in placements {
                guard let room = assigned[placement.residentID], let (w, schedule, policyID) = schedules[placement.residentID] else { continue }
                items.append(Self.newAssignment(w.person, schedule: schedule, policyID: policyID, roomID: room, carerID: nil))
            }
            try await Self.insert(session, items, actor: actor, reason: "allocation", now: now)
            try await Journal.append(session, actor: actor, action: "quarantine.allocate", subjectType: "area", subjectID: actor.jurisdiction.code,
                                     reason: "allocation", detail: "\(items.count - atHome) placed, \(atHome) at home, \(unplaced.count) without a room")
            return AllocationReport(placed: items.count - atHome, atHome: atHome, unplaced: unplaced, notInPolicy: notInPolicy)
        }
    }

    /// Places one person by hand: under the measure they wait for (or `tier`, for someone placed for another reason),
    /// into `roomID` or, when none is given, the nearest free room; a carer may share a double room with a child, an
    /// elderly or a disabled person. Refused with the rule's own error when the room is taken, the carer not allowed,
    /// or the policy has no such tier.
    @discardableResult
    public func assign(residentID: Int64, tier: MeasureTier? = nil, roomID: Int64? = nil, carerID: Int64? = nil, actor: Actor,
                       now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        return try await database.write { session in
            try await Self.endFinishedStays(session, now: now)
            guard let r = try await session.select("""
                SELECT r.city_id, r.district_id, r.street_id, r.community_id FROM residents r WHERE r.id = ? AND \(actor.jurisdiction.inside("r"))
                """, binds: [.int(residentID), .int(actor.jurisdiction.id)], types: [.int, .int, .int, .int]).first
            else { throw StoreError(.notFound, "no such resident") }
            if try await session.select("SELECT id FROM quarantine_assignments WHERE resident_id = ? AND status = 'active'", binds: [.int(residentID)],
                                        types: [.int]).first != nil {
                throw StoreError(.conflict, "this person is already under a measure")
            }
            let waiting = try await Self.waiting(session, actor: actor, now: now, limit: 100_000).first { $0.person.residentID == residentID }
            guard let chosen = tier ?? waiting?.person.tier else { throw QuarantineError(.tierNotInPolicy) }
            let preset = session.policy(at: now, district: r[1].int)
            let schedule = try QuarantineSchedule(tier: chosen, start: now, policy: preset.quarantine)
            var home = AreaPath()
            for (i, l) in [AreaLevel.city, .district, .street, .community].enumerated() { home[l] = r[i].int }
            let mayBringCarer = waiting?.person.mayBringCarer ?? false
            var room: Int64?
            if carerID != nil, !mayBringCarer { throw AllocationError(.carerNotAllowed) }
            if schedule.centralUntil != nil {
                let placement = Placement(residentID: residentID, home: home, needsCarer: mayBringCarer, carerID: carerID)
                let free = try await Self.freeRooms(session, actor: actor)
                if let roomID {
                    guard let state = try await Self.roomState(session, roomID, actor: actor) else { throw StoreError(.notFound, "no such room") }
                    try RoomAllocation.check(placement, into: state)
                    room = roomID
                } else {
                    guard let found = RoomAllocation.allocate([placement], rooms: free).assigned[residentID] else { throw AllocationError(.noRoom) }
                    room = found
                }
                if let carerID, try await session.select("SELECT id FROM residents WHERE id = ?", binds: [.int(carerID)], types: [.int]).first == nil {
                    throw StoreError(.notFound, "no such carer")
                }
            } else if carerID != nil {
                throw AllocationError(.carerNotAllowed)
            }
            let person = waiting?.person
            let item = NewAssignment(residentID: residentID, tier: chosen, source: person?.source ?? .manual, contactID: person?.contactID,
                                     arrivalID: person?.arrivalID, schedule: schedule, policyID: preset.id, roomID: room,
                                     carerID: room == nil ? nil : carerID)
            return try await Self.insert(session, [item], actor: actor, reason: "placed by hand", now: now)[0]
        }
    }

    static func newAssignment(_ person: WaitingPerson, schedule: QuarantineSchedule, policyID: String, roomID: Int64?, carerID: Int64?) -> NewAssignment {
        NewAssignment(residentID: person.residentID, tier: person.tier, source: person.source, contactID: person.contactID,
                      arrivalID: person.arrivalID, schedule: schedule, policyID: policyID, roomID: roomID, carerID: carerID)
    }

    /// Writes the measures, their phases, tests and room stays, a journal row per person and the ledger's 管到 where
    /// the contact was already tested, then reassesses their codes: all in the caller's transaction, in bulk.
    @discardableResult
    static func insert(_ session: Session, _ items: [NewAssignment], actor: Actor, reason: String, now: Int64) async throws -> [Int64] {
        guard !items.isEmpty else { return [] }
        let first = try await session.nextID(of: "quarantine_assignments")
        var assignments: [[SQLValue]] = [], phases: [[SQLValue]] = [], tests: [[SQLValue]] = [], stays: [[SQLValue]] = [], journal: [[SQLValue]] = []
        var ids: [Int64] = []
        for (n, item) in items.enumerated() {
            let id = first + Int64(n)
            ids.append(id)
            let s = item.schedule
            assignments.append([.int(id), .int(item.residentID), .text(item.tier.rawValue), .text(item.policyID), .int(item.contactID), .int(item.arrivalID),
                                .int(s.start), .int(s.centralUntil), .int(s.end), .text("active"), .text(actor.name), .int(now)])
            for (i, phase) in s.phases.enumerated() {
                phases.append([.int(id), .int(Int64(i)), .text(phase.kind.rawValue), .int(phase.start), .int(phase.end)])
            }
            for (i, test) in s.tests.enumerated() {
                tests.append([.int(id), .int(Int64(i)), .int(Int64(test.phase)), .int(Int64(test.day)), .int(test.dueFrom), .int(test.dueBy)])
            }
            if let room = item.roomID, let until = s.centralUntil {
                stays.append([.int(id), .int(room), .int(item.carerID), .int(now), .int(until)])
            }
            journal.append([.int(now), .int(actor.userID), .text(actor.name), .text("quarantine.assign"), .text("resident"), .text("\(item.residentID)"),
                            .text(reason), .text("\(item.tier.rawValue) \(item.source.rawValue), measure \(id)\(item.roomID.map { ", room \($0)" } ?? ", at home")")])
        }
        try await session.insert(into: "quarantine_assignments", columns: ["id", "resident_id", "tier", "policy_id", "contact_id", "arrival_id", "starts_at",
                                                                           "central_until", "ends_at", "status", "created_by", "created_at"], rows: assignments)
        try await session.syncIdentity(of: "quarantine_assignments")
        try await session.insert(into: "quarantine_phases", columns: ["assignment_id", "idx", "kind", "starts_at", "ends_at"], rows: phases)
        try await session.insert(into: "quarantine_tests", columns: ["assignment_id", "idx", "phase", "day", "due_from", "due_by"], rows: tests)
        try await session.insert(into: "room_stays", columns: ["assignment_id", "room_id", "carer_resident_id", "started_at", "planned_until"], rows: stays)
        try await session.insert(into: "journal", columns: ["at", "actor_id", "actor", "action", "subject_type", "subject_id", "reason", "detail"], rows: journal)
        let contacts = items.compactMap(\.contactID)
        for chunk in contacts.chunked(10_000) {
            let list = session.list(chunk)
            try await session.execute("""
                UPDATE contacts SET controlled_at = ? WHERE id IN (\(list.sql)) AND tested_at IS NOT NULL AND controlled_at IS NULL
                """, binds: [.int(now), list.bind])
        }
        try await CodeRefresh.run(session, .ids(items.map(\.residentID)), now: now)
        return ids
    }

    /// Rooms that can take someone now, in open sites of the actor's jurisdiction.
    static func freeRooms(_ session: Session, actor: Actor) async throws -> [RoomState] {
        try await session.select("""
            SELECT m.id, m.site_id, a.city_id, a.district_id, a.street_id, a.community_id, m.floor, m.number, m.beds
            FROM quarantine_rooms m JOIN quarantine_sites s ON s.id = m.site_id JOIN areas a ON a.id = s.area_id
            WHERE s.status = 'open' AND m.in_service = 1 AND \(actor.jurisdiction.inside("a"))
            AND NOT EXISTS (SELECT 1 FROM room_stays y WHERE y.room_id = m.id AND y.ended_at IS NULL)
            """, binds: [.int(actor.jurisdiction.id)], types: [.int, .int, .int, .int, .int, .int, .int, .text, .int]).map { r in
            var path = AreaPath()
            for (i, l) in [AreaLevel.city, .district, .street, .community].enumerated() { path[l] = r[2 + i].int }
            return RoomState(roomID: r[0].int!, siteID: r[1].int!, site: path, floor: Int(r[6].int!), number: r[7].text!, beds: Int(r[8].int!), occupants: [])
        }
    }

    /// One room as the allocator sees it, with its occupant now; nil when it is not in an open site of the actor's
    /// jurisdiction or out of service.
    static func roomState(_ session: Session, _ roomID: Int64, actor: Actor) async throws -> RoomState? {
        guard let r = try await session.select("""
            SELECT m.id, m.site_id, a.city_id, a.district_id, a.street_id, a.community_id, m.floor, m.number, m.beds,
                   (SELECT q.resident_id FROM room_stays y JOIN quarantine_assignments q ON q.id = y.assignment_id WHERE y.room_id = m.id AND y.ended_at IS NULL)
            FROM quarantine_rooms m JOIN quarantine_sites s ON s.id = m.site_id JOIN areas a ON a.id = s.area_id
            WHERE m.id = ? AND s.status = 'open' AND m.in_service = 1 AND \(actor.jurisdiction.inside("a"))
            """, binds: [.int(roomID), .int(actor.jurisdiction.id)], types: [.int, .int, .int, .int, .int, .int, .int, .text, .int, .int]).first
        else { return nil }
        var path = AreaPath()
        for (i, l) in [AreaLevel.city, .district, .street, .community].enumerated() { path[l] = r[2 + i].int }
        return RoomState(roomID: roomID, siteID: r[1].int!, site: path, floor: Int(r[6].int!), number: r[7].text!, beds: Int(r[8].int!),
                         occupants: r[9].int.map { [$0] } ?? [])
    }

    /// Stays whose central phase is over end by themselves: the person goes on at home and the room is free. Each
    /// ended stay is a journal row of the clock's, on the person's timeline. Returns how many ended.
    @discardableResult
    static func endFinishedStays(_ session: Session, now: Int64) async throws -> Int {
        let ended = try await session.execute("""
            UPDATE room_stays SET ended_at = planned_until, end_reason = 'phase_ended' WHERE ended_at IS NULL AND planned_until <= ?
            RETURNING assignment_id, room_id, planned_until
            """, binds: [.int(now)], returning: [.int, .int, .int])
        guard !ended.isEmpty else { return 0 }
        let list = session.list(ended.compactMap { $0[0].int })
        var people: [Int64: Int64] = [:]
        for r in try await session.select("SELECT id, resident_id FROM quarantine_assignments WHERE id IN (\(list.sql))", binds: [list.bind], types: [.int, .int]) {
            people[r[0].int!] = r[1].int!
        }
        try await session.insert(into: "journal", columns: ["at", "actor_id", "actor", "action", "subject_type", "subject_id", "reason", "detail"],
                                 rows: ended.compactMap { r in
            guard let person = people[r[0].int!] else { return nil }
            return [.int(r[2].int!), .null, .text("system"), .text("quarantine.room_left"), .text("resident"), .text("\(person)"),
                    .text("central phase ended"), .text("measure \(r[0].int!), room \(r[1].int!)")]
        })
        return ended.count
    }
}
