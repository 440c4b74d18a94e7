import CordonDomain

/// What a new site is made of: floors of rooms, the first few on each floor with a second bed for a carer.
public struct NewQuarantineSite: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var areaCode: String
    public var address: String
    public var floors: Int
    public var roomsPerFloor: Int
    public var doubleRoomsPerFloor: Int

    public init(code: String, name: String, areaCode: String, address: String, floors: Int, roomsPerFloor: Int, doubleRoomsPerFloor: Int = 0) {
        self.code = code
        self.name = name
        self.areaCode = areaCode
        self.address = address
        self.floors = floors
        self.roomsPerFloor = roomsPerFloor
        self.doubleRoomsPerFloor = doubleRoomsPerFloor
    }

    /// Every field checked at once, so a form can mark each.
    func problems() -> [FieldError] {
        var errors: [FieldError] = []
        do { _ = try Barcode.validate(code) } catch { errors.append(FieldError(field: "code", code: error)) }
        if name.trimmingSpaces().isEmpty { errors.append(FieldError(field: "name", code: .missing)) } else if name.count > 60 {
            errors.append(FieldError(field: "name", code: .tooLong))
        }
        if address.count > 120 { errors.append(FieldError(field: "address", code: .tooLong)) }
        if !(1...60).contains(floors) { errors.append(FieldError(field: "floors", code: .format)) }
        if !(1...100).contains(roomsPerFloor) { errors.append(FieldError(field: "rooms_per_floor", code: .format)) }
        // Compared, not made into a range: a negative room count would make `0...roomsPerFloor` trap.
        if doubleRoomsPerFloor < 0 || doubleRoomsPerFloor > roomsPerFloor { errors.append(FieldError(field: "double_rooms_per_floor", code: .format)) }
        return errors
    }
}

extension Quarantine {
    /// Registers a site with its rooms, and a sampling desk of the same code at it, so that tests taken on site go
    /// through screening in single tubes. All or nothing.
    @discardableResult
    public func createSite(_ site: NewQuarantineSite, actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        let problems = site.problems()
        guard problems.isEmpty else { throw FieldErrors(errors: problems) }
        let code = try Barcode.validate(site.code)
        return try await database.write { session in
            guard let area = try await Database.area(session.sql, code: site.areaCode), actor.jurisdiction.contains(area) else {
                throw FieldErrors(errors: [FieldError(field: "area_code", code: .unknownArea)])
            }
            for table in ["quarantine_sites", "sampling_sites"] {
                if try await session.select("SELECT id FROM \(table) WHERE code = ?", binds: [.text(code)], types: [.int]).first != nil {
                    throw FieldErrors(errors: [FieldError(field: "code", code: .duplicate)])
                }
            }
            let desks = max(1, site.floors * site.roomsPerFloor / 50)
            let samplingID = try await session.execute("""
                INSERT INTO sampling_sites (code, name, area_id, kind, desks, daily_capacity, opens_minute, closes_minute, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 420, 1320, ?) RETURNING id
                """, binds: [.text(code), .text(site.name.trimmingSpaces()), .int(area.id), .text(SiteKind.quarantineSite.rawValue),
                             .int(Int64(desks)), .int(Int64(site.floors * site.roomsPerFloor * 2)), .int(now)], returning: [.int]).first![0].int!
            let id = try await session.execute("""
                INSERT INTO quarantine_sites (code, name, area_id, address, status, sampling_site_id, created_by, created_at)
                VALUES (?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id
                """, binds: [.text(code), .text(site.name.trimmingSpaces()), .int(area.id), .text(site.address.trimmingSpaces()), .int(samplingID),
                             .text(actor.name), .int(now)], returning: [.int]).first![0].int!
            var rooms: [[SQLValue]] = []
            for floor in 1...site.floors {
                for n in 1...site.roomsPerFloor {
                    let number = "\(floor)\(n < 10 ? "0" : "")\(n)"
                    rooms.append([.int(id), .int(Int64(floor)), .text(number), .int(n <= site.doubleRoomsPerFloor ? 2 : 1)])
                }
            }
            try await session.insert(into: "quarantine_rooms", columns: ["site_id", "floor", "number", "beds"], rows: rooms)
            try await Journal.append(session, actor: actor, action: "quarantine_site.create", subjectType: "quarantine_site", subjectID: code,
                                     reason: site.name, detail: "\(rooms.count) rooms in \(area.code)")
            return id
        }
    }

    /// Opens or closes a site to new people; those already there stay.
    public func setSiteOpen(_ siteID: Int64, open: Bool, reason: String, actor: Actor) async throws {
        try actor.require(.runQuarantineSites)
        try await database.write { session in
            let site = try await Self.siteRow(session, siteID, actor: actor)
            try await session.execute("UPDATE quarantine_sites SET status = ? WHERE id = ?", binds: [.text(open ? "open" : "closed"), .int(siteID)])
            try await Journal.append(session, actor: actor, action: open ? "quarantine_site.open" : "quarantine_site.close",
                                     subjectType: "quarantine_site", subjectID: site.code, reason: reason.trimmingSpaces().isEmpty ? "-" : reason)
        }
    }

    /// Takes a room out of service (repairs, cleaning) or back; an occupied room cannot be taken out.
    public func setRoomInService(_ roomID: Int64, inService: Bool, actor: Actor) async throws {
        try actor.require(.runQuarantineSites)
        try await database.write { session in
            guard let r = try await session.select("SELECT site_id, number FROM quarantine_rooms WHERE id = ?", binds: [.int(roomID)], types: [.int, .text]).first
            else { throw StoreError(.notFound, "no such room") }
            let site = try await Self.siteRow(session, r[0].int!, actor: actor)
            if !inService, try await session.select("SELECT id FROM room_stays WHERE room_id = ? AND ended_at IS NULL", binds: [.int(roomID)],
                                                    types: [.int]).first != nil {
                throw StoreError(.conflict, "the room is occupied")
            }
            try await session.execute("UPDATE quarantine_rooms SET in_service = ? WHERE id = ?", binds: [.int(inService ? 1 : 0), .int(roomID)])
            try await Journal.append(session, actor: actor, action: inService ? "room.in_service" : "room.out_of_service",
                                     subjectType: "quarantine_site", subjectID: site.code, reason: r[1].text!)
        }
    }

    /// The sites standing in the actor's jurisdiction, with their occupancy now.
    public func sites(actor: Actor) async throws -> [QuarantineSiteRecord] {
        try actor.require(.readQuarantine)
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT s.id, s.code, s.name, a.code, a.name, s.address, s.status,
                       (SELECT COUNT(*) FROM quarantine_rooms m WHERE m.site_id = s.id),
                       (SELECT COUNT(*) FROM quarantine_rooms m WHERE m.site_id = s.id AND m.in_service = 1),
                       (SELECT COUNT(*) FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id WHERE m.site_id = s.id AND y.ended_at IS NULL)
                FROM quarantine_sites s JOIN areas a ON a.id = s.area_id WHERE \(scope.inside("a")) ORDER BY s.code
                """, binds: [.int(scope.id)], types: [.int, .text, .text, .text, .text, .text, .text, .int, .int, .int]).map { r in
                QuarantineSiteRecord(id: r[0].int!, code: r[1].text!, name: r[2].text!, areaCode: r[3].text!, areaName: r[4].text!, address: r[5].text!,
                                     open: r[6].text == "open", rooms: Int(r[7].int!), inService: Int(r[8].int!), occupied: Int(r[9].int!))
            }
        }
    }

    public func site(_ id: Int64, actor: Actor) async throws -> QuarantineSiteRecord {
        guard let site = try await sites(actor: actor).first(where: { $0.id == id }) else { throw StoreError(.notFound, "no such site") }
        return site
    }

    /// A site's rooms, floor by floor, with their occupants now.
    public func rooms(siteID: Int64, actor: Actor) async throws -> [RoomRecord] {
        try actor.require(.readQuarantine)
        return try await database.read { session in
            _ = try await Self.siteRow(session, siteID, actor: actor)
            return try await session.select("""
                SELECT m.id, m.floor, m.number, m.beds, m.in_service, y.assignment_id, r.name, c.name, y.planned_until
                FROM quarantine_rooms m LEFT JOIN room_stays y ON y.room_id = m.id AND y.ended_at IS NULL
                LEFT JOIN quarantine_assignments q ON q.id = y.assignment_id LEFT JOIN residents r ON r.id = q.resident_id
                LEFT JOIN residents c ON c.id = y.carer_resident_id
                WHERE m.site_id = ? ORDER BY m.floor, m.number
                """, binds: [.int(siteID)], types: [.int, .int, .text, .int, .int, .int, .text, .text, .int]).map { r in
                RoomRecord(id: r[0].int!, siteID: siteID, floor: Int(r[1].int!), number: r[2].text!, beds: Int(r[3].int!), inService: r[4].int == 1,
                           assignmentID: r[5].int, occupantName: r[6].text, carerName: r[7].text, plannedUntil: r[8].int)
            }
        }
    }

    struct SiteRow {
        let id: Int64
        let code: String
        let open: Bool
        let path: AreaPath
    }

    /// A site in the actor's jurisdiction, or not found.
    static func siteRow(_ session: Session, _ id: Int64, actor: Actor) async throws -> SiteRow {
        guard let r = try await session.select("""
            SELECT s.id, s.code, s.status, a.id FROM quarantine_sites s JOIN areas a ON a.id = s.area_id
            WHERE s.id = ? AND \(actor.jurisdiction.inside("a"))
            """, binds: [.int(id), .int(actor.jurisdiction.id)], types: [.int, .text, .text, .int]).first,
              let area = try await Database.area(session.sql, id: r[3].int!) else { throw StoreError(.notFound, "no such site") }
        return SiteRow(id: id, code: r[1].text!, open: r[2].text == "open", path: area.ancestors)
    }
}
