import CordonDomain

extension Quarantine {
    /// Releases a person whose measure has run its course: only once the last phase is over and every scheduled test
    /// has a negative sample in its day, and never after a positive one. Ends the stay, closes the contact in the
    /// ledger and reassesses the code, all at once.
    public func release(_ id: Int64, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        try await database.write { session in
            let person = try await Self.activeAssignment(session, id, actor: actor)
            guard let record = try await Self.records(session, condition: "q.id = ?", binds: [.int(id)], limit: 1).first else {
                throw StoreError(.notFound, "no such measure")
            }
            let samples = try await session.select("""
                SELECT m.sampled_at, t.result FROM tube_members m JOIN tubes t ON t.id = m.tube_id WHERE m.resident_id = ? AND m.sampled_at >= ?
                """, binds: [.int(person), .int(record.schedule.start)], types: [.int, .text])
            if samples.contains(where: { $0[1].text == TestResult.positive.rawValue }) { throw QuarantineError(.positiveResult) }
            let negatives = samples.filter { $0[1].text == TestResult.negative.rawValue }.compactMap { $0[0].int }
            try record.schedule.checkRelease(negativeSamples: negatives, at: now)
            try await Self.end(session, id, person: person, status: "released", kind: "completed", reason: nil, stayReason: "released",
                               actor: actor, now: now)
        }
    }

    /// Releases before the schedule is done (a contact found to be no contact, a decision of the command centre);
    /// the reason is required and kept.
    public func releaseEarly(_ id: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try await end(id, status: "released", kind: "early", reason: reason, actor: actor, now: now)
    }

    /// Sends a person to hospital (a positive, a fever the doctor will not keep on site): the measure ends, the room is
    /// freed, and the case is registered by the epidemiologists.
    public func sendToHospital(_ id: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try await end(id, status: "hospital", kind: "hospital", reason: reason, actor: actor, now: now)
    }

    /// Ends a measure before its course for a reason, which is required.
    private func end(_ id: Int64, status: String, kind: String, reason: String, actor: Actor, now: Int64) async throws {
        try actor.require(.runQuarantineSites)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw QuarantineError(.reasonMissing) }
        try await database.write { session in
            let person = try await Self.activeAssignment(session, id, actor: actor)
            try await Self.end(session, id, person: person, status: status, kind: kind, reason: reason, stayReason: kind == "hospital" ? "hospital" : "released",
                               actor: actor, now: now)
        }
    }

    static func end(_ session: Session, _ id: Int64, person: Int64, status: String, kind: String, reason: String?, stayReason: String,
                    actor: Actor, now: Int64) async throws {
        try await session.execute("UPDATE quarantine_assignments SET status = ?, ended_at = ?, end_kind = ?, end_reason = ? WHERE id = ?",
                                 binds: [.text(status), .int(now), .text(kind), .text(reason), .int(id)])
        try await session.execute("UPDATE room_stays SET ended_at = ?, end_reason = ? WHERE assignment_id = ? AND ended_at IS NULL",
                                 binds: [.int(now), .text(stayReason), .int(id)])
        try await session.execute("UPDATE contacts SET closed_at = ? WHERE resident_id = ? AND closed_at IS NULL", binds: [.int(now), .int(person)])
        try await Journal.append(session, actor: actor, action: "quarantine.\(kind == "completed" ? "release" : kind == "early" ? "release_early" : "hospital")",
                                 subjectType: "resident", subjectID: "\(person)", reason: reason ?? "schedule completed", detail: "measure \(id)")
        try await CodeRefresh.run(session, .ids([person]), now: now)
    }

    /// Lengthens the last phase by whole days (a late positive in the household, a missed test); the reason is
    /// required. A central last phase keeps its room for the extra days.
    public func extend(_ id: Int64, days: Int, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw QuarantineError(.reasonMissing) }
        guard (1...14).contains(days) else { throw StoreError(.invalid, "an extension is 1 to 14 days") }
        let seconds = Int64(days) * 86_400
        try await database.write { session in
            let person = try await Self.activeAssignment(session, id, actor: actor)
            guard let last = try await session.select("SELECT idx, kind FROM quarantine_phases WHERE assignment_id = ? ORDER BY idx DESC LIMIT 1",
                                                      binds: [.int(id)], types: [.int, .text]).first else { throw StoreError(.notFound, "no schedule") }
            try await session.execute("UPDATE quarantine_phases SET ends_at = ends_at + ? WHERE assignment_id = ? AND idx = ?",
                                     binds: [.int(seconds), .int(id), last[0]])
            let allCentral = try await session.select("SELECT COUNT(*) FROM quarantine_phases WHERE assignment_id = ? AND kind <> 'central'",
                                                      binds: [.int(id)], types: [.int]).first?[0].int == 0
            try await session.execute("""
                UPDATE quarantine_assignments SET ends_at = ends_at + ?, central_until = CASE WHEN ? = 1 THEN central_until + ? ELSE central_until END WHERE id = ?
                """, binds: [.int(seconds), .int(allCentral ? 1 : 0), .int(seconds), .int(id)])
            if allCentral {
                try await session.execute("UPDATE room_stays SET planned_until = planned_until + ? WHERE assignment_id = ? AND ended_at IS NULL",
                                         binds: [.int(seconds), .int(id)])
            }
            try await Journal.append(session, actor: actor, action: "quarantine.extend", subjectType: "resident", subjectID: "\(person)",
                                     reason: reason, detail: "measure \(id) +\(days) days")
            try await CodeRefresh.run(session, .ids([person]), now: now)
        }
    }

    /// Moves a person in a central phase to another room, at this site or another (单人单间 still holds there).
    public func transfer(_ id: Int64, toRoom roomID: Int64, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw QuarantineError(.reasonMissing) }
        try await database.write { session in
            let person = try await Self.activeAssignment(session, id, actor: actor)
            guard let stay = try await session.select("SELECT id, carer_resident_id, planned_until FROM room_stays WHERE assignment_id = ? AND ended_at IS NULL",
                                                      binds: [.int(id)], types: [.int, .int, .int]).first
            else { throw StoreError(.conflict, "the person is not in a room") }
            guard let room = try await Self.roomState(session, roomID, actor: actor) else { throw StoreError(.notFound, "no such room") }
            let carer = stay[1].int
            try RoomAllocation.check(Placement(residentID: person, home: AreaPath(), needsCarer: carer != nil, carerID: carer), into: room)
            try await session.execute("UPDATE room_stays SET ended_at = ?, end_reason = 'transfer' WHERE id = ?", binds: [.int(now), stay[0]])
            try await session.insert(into: "room_stays", columns: ["assignment_id", "room_id", "carer_resident_id", "started_at", "planned_until"],
                                     rows: [[.int(id), .int(roomID), .int(carer), .int(now), stay[2]]])
            try await Journal.append(session, actor: actor, action: "quarantine.transfer", subjectType: "resident", subjectID: "\(person)",
                                     reason: reason, detail: "measure \(id) to room \(room.number) of site \(room.siteID)")
        }
    }

    /// Ends the stays whose central phase is over (the person goes on at home), for the clock's periodic sweep.
    @discardableResult
    public func advance(now: Int64? = nil) async throws -> Int {
        let now = now ?? clock.now()
        return try await database.write { session in try await Self.endFinishedStays(session, now: now) }
    }

    /// Rooms free now and over the coming week in the actor's jurisdiction, counting those still waiting for a room.
    public func capacity(actor: Actor, now: Int64? = nil, days: Int = 7) async throws -> CapacityForecast {
        let now = now ?? clock.now()
        try actor.require(.readQuarantine)
        let scope = actor.jurisdiction
        let (rooms, ends) = try await database.read { session in
            let rooms = try await session.select("""
                SELECT COUNT(*) FROM quarantine_rooms m JOIN quarantine_sites s ON s.id = m.site_id JOIN areas a ON a.id = s.area_id
                WHERE s.status = 'open' AND m.in_service = 1 AND \(scope.inside("a"))
                """, binds: [.int(actor.jurisdiction.id)], types: [.int]).first?[0].int ?? 0
            let ends = try await session.select("""
                SELECT y.planned_until FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id JOIN quarantine_sites s ON s.id = m.site_id
                JOIN areas a ON a.id = s.area_id WHERE y.ended_at IS NULL AND y.planned_until > ? AND s.status = 'open' AND m.in_service = 1 AND \(scope.inside("a"))
                """, binds: [.int(now), .int(actor.jurisdiction.id)], types: [.int]).compactMap { $0[0].int }
            return (rooms, ends)
        }
        let waiting = try await self.waiting(actor: actor, now: now).filter(\.needsRoom).count
        return CapacityForecast(rooms: Int(rooms), occupiedUntil: ends, waiting: waiting, from: CivilDate(unixTime: now), days: days)
    }
}
