import CordonDomain

/// An order as its issuer, its receivers and the levels above them see it.
public struct DirectiveRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let title: String
    public let body: String
    public let areaID: Int64
    public let areaName: String
    /// The role it goes to inside the area; nil for everyone working there.
    public let role: Role?
    public let deadline: Int64
    public let status: DirectiveStatus
    public let issuer: String
    public let issuedAt: Int64
    public let acknowledgedBy: String?
    public let acknowledgedAt: Int64?
    public let closedBy: String?
    public let closedAt: Int64?
    public let note: String?
    public let inspectionID: Int64?
    public let overdue: Bool
}

/// Directives (指令): the commander or a district officer orders a team, a role or an area to do something by a
/// deadline. Whoever works in the area (in the role, if one is named) receives it, acknowledges it and completes it
/// with a note; everyone whose jurisdiction holds the area sees how it stands, overdue ones first.
public struct Directives: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    @discardableResult
    public func issue(title: String, body: String, areaID: Int64, role: Role?, deadline: Int64, inspectionID: Int64? = nil,
                      actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.issueDirectives)
        let title = title.trimmingSpaces()
        guard !title.isEmpty else { throw DirectiveError(.titleMissing) }
        guard deadline > now else { throw DirectiveError(.deadlinePassed) }
        let area = try await database.visibleArea(id: areaID, actor: actor)
        return try await database.write { session in
            try await Self.insert(session, title: title, body: body.trimmingSpaces(), area: area, role: role, deadline: deadline,
                                  inspectionID: inspectionID, actor: actor, now: now)
        }
    }

    static func insert(_ session: Session, title: String, body: String, area: Area, role: Role?, deadline: Int64, inspectionID: Int64?,
                       actor: Actor, now: Int64) async throws -> Int64 {
        let id = try await session.execute("""
            INSERT INTO directives (title, body, area_id, role, deadline, status, issued_by, issuer, issued_at, inspection_id)
            VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?) RETURNING id
            """, binds: [.text(title), .text(body), .int(area.id), .text(role?.rawValue), .int(deadline), .int(actor.userID), .text(actor.name),
                         .int(now), .int(inspectionID)], returning: [.int]).first![0].int!
        try await Journal.append(session, actor: actor, action: "directive.issue", subjectType: "directive", subjectID: "\(id)",
                                 reason: title, detail: "to \(area.code)\(role.map { " \($0.rawValue)" } ?? "") by \(deadline)")
        return id
    }

    /// Directives the actor receives: to their own area or any area above it, in their role or to everyone. Open
    /// ones, then those closed in the last week.
    public func received(actor: Actor, now: Int64? = nil) async throws -> [DirectiveRecord] {
        let now = now ?? clock.now()
        let areas = Self.areasAbove(actor)
        return try await database.read { session in
            let list = session.list(areas)
            return try await Self.rows(session, where: "d.area_id IN (\(list.sql)) AND (d.role IS NULL OR d.role = ?) AND (d.closed_at IS NULL OR d.closed_at > ?)",
                                       binds: [list.bind, .text(actor.role.rawValue), .int(now - 7 * 86_400)], now: now)
        }
    }

    /// Directives to areas inside the actor's jurisdiction, open ones first and overdue at the top: how the chain
    /// below is doing.
    public func overseen(actor: Actor, openOnly: Bool = true, now: Int64? = nil) async throws -> [DirectiveRecord] {
        let now = now ?? clock.now()
        try actor.require(.readFindings)
        return try await database.read { session in
            try await Self.rows(session, where: "\(actor.jurisdiction.inside("a"))\(openOnly ? " AND d.closed_at IS NULL" : "")",
                                binds: [.int(actor.jurisdiction.id)], now: now)
        }
    }

    public func directive(_ id: Int64, actor: Actor, now: Int64? = nil) async throws -> DirectiveRecord {
        let now = now ?? clock.now()
        let found = try await database.read { session in
            try await Self.rows(session, where: "d.id = ?", binds: [.int(id)], now: now).first
        }
        guard let found, try Self.canSee(found, actor: actor, area: try await database.area(id: found.areaID)) else { throw StoreError(.notFound, "no such directive") }
        return found
    }

    /// Acknowledge or complete (by a receiver, completion with a note), or withdraw (by the issuer or above).
    public func step(_ id: Int64, _ step: DirectiveStep, note: String = "", actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        let record = try await directive(id, actor: actor, now: now)
        let receives = Self.receives(record, actor: actor)
        let note = note.trimmingSpaces()
        switch step {
        case .acknowledge, .complete:
            guard receives || actor.isOperator else { throw DirectiveError(.notReceiver) }
            if step == .complete && note.isEmpty { throw DirectiveError(.noteMissing) }
        case .withdraw:
            guard actor.may(.issueDirectives), !receives || record.issuer == actor.name else { throw DirectiveError(.notIssuer) }
        }
        let next = try record.status.after(step)
        try await database.write { session in
            let sql: String
            let binds: [SQLValue]
            switch step {
            case .acknowledge:
                sql = "UPDATE directives SET status = ?, acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND status = ?"
                binds = [.text(next.rawValue), .text(actor.name), .int(now), .int(id), .text(record.status.rawValue)]
            case .complete, .withdraw:
                sql = "UPDATE directives SET status = ?, closed_by = ?, closed_at = ?, note = ? WHERE id = ? AND status = ?"
                binds = [.text(next.rawValue), .text(actor.name), .int(now), .text(note.isEmpty ? nil : note), .int(id), .text(record.status.rawValue)]
            }
            // The status read above must still hold: two receivers pressing at once leave one step, not two.
            guard try await session.execute(sql + " RETURNING id", binds: binds, returning: [.int]).first != nil else { throw DirectiveError(.closed) }
            try await Journal.append(session, actor: actor, action: "directive.\(step.rawValue)", subjectType: "directive", subjectID: "\(id)",
                                     reason: note, detail: "\(record.status.rawValue) → \(next.rawValue)")
        }
    }

    /// The actor's own area and every area above it: an order to any of them reaches the actor.
    static func areasAbove(_ actor: Actor) -> [Int64] {
        Array(Set(AreaLevel.allCases.compactMap { actor.jurisdiction.ancestors[$0] } + [actor.jurisdiction.id])).sorted()
    }

    static func receives(_ d: DirectiveRecord, actor: Actor) -> Bool {
        areasAbove(actor).contains(d.areaID) && (d.role == nil || d.role == actor.role)
    }

    static func canSee(_ d: DirectiveRecord, actor: Actor, area: Area?) throws -> Bool {
        if actor.isOperator || receives(d, actor: actor) { return true }
        guard let area, actor.may(.readFindings) else { return false }
        return actor.jurisdiction.contains(area)
    }

    static func rows(_ session: Session, where condition: String, binds: [SQLValue], now: Int64) async throws -> [DirectiveRecord] {
        try await session.select("""
            SELECT d.id, d.title, d.body, d.area_id, a.name, d.role, d.deadline, d.status, d.issuer, d.issued_at, d.acknowledged_by, d.acknowledged_at,
                   d.closed_by, d.closed_at, d.note, d.inspection_id
            FROM directives d JOIN areas a ON a.id = d.area_id WHERE \(condition)
            ORDER BY CASE WHEN d.closed_at IS NULL THEN 0 ELSE 1 END, d.deadline, d.id LIMIT 1000
            """, binds: binds, types: [.int, .text, .text, .int, .text, .text, .int, .text, .text, .int, .text, .int, .text, .int, .text, .int]).map { r in
            let status = DirectiveStatus(rawValue: r[7].text!) ?? .issued
            return DirectiveRecord(id: r[0].int!, title: r[1].text!, body: r[2].text!, areaID: r[3].int!, areaName: r[4].text!,
                                   role: r[5].text.flatMap(Role.init), deadline: r[6].int!, status: status, issuer: r[8].text!, issuedAt: r[9].int!,
                                   acknowledgedBy: r[10].text, acknowledgedAt: r[11].int, closedBy: r[12].text, closedAt: r[13].int, note: r[14].text,
                                   inspectionID: r[15].int, overdue: status.isOverdue(deadline: r[6].int!, now: now))
        }
    }
}
