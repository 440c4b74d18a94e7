import CordonDomain

/// A request for a manual colour, as the officers and the auditor see it.
public struct ManualColourRequest: Sendable, Hashable, Codable {
    public let id: Int64
    public let residentID: Int64
    public let maskedName: String
    public let colour: CodeColour
    public let reason: String
    public let expiresAt: Int64
    public let requestedBy: String
    public let requestedAt: Int64
    public let decidedBy: String?
    public let decidedAt: Int64?
    public let approved: Bool?
}

extension HealthCodes {
    /// A code officer asks for a colour for a person in their jurisdiction, with a reason and an expiry within the
    /// policy's limit. Nothing changes until a second officer approves.
    @discardableResult
    public func requestManualColour(residentID: Int64, colour: CodeColour, reason: String, hours: Int, actor: Actor,
                                    now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.setManualColours)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw StoreError(.invalid, "a manual colour needs a reason") }
        let limit = database.policies.inForce(at: now).healthCode.manualColourMaxHours
        guard (1...limit).contains(hours) else { throw StoreError(.invalid, "a manual colour lasts 1 to \(limit) hours") }
        let scope = actor.jurisdiction
        return try await database.write { session in
            guard try await session.select("SELECT id FROM residents WHERE id = ? AND \(scope.inside())",
                                           binds: [.int(residentID), .int(scope.id)], types: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            let id = try await session.execute("""
                INSERT INTO manual_colours (resident_id, colour, reason, expires_at, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """, binds: [.int(residentID), .text(colour.rawValue), .text(reason), .int(now + Int64(hours) * 3_600), .int(userID), .int(now)],
                returning: [.int]).first![0].int!
            try await Journal.append(session, actor: actor, action: "code.manual.request", subjectType: "resident", subjectID: "\(residentID)",
                                     reason: reason, detail: "\(colour.rawValue) for \(hours) h, request \(id)")
            return id
        }
    }

    /// A second code officer approves or rejects a request. The requester cannot decide their own (the database
    /// refuses it too), and a decided or expired request cannot be decided again. Approval recolours at once.
    public func decideManualColour(requestID: Int64, approve: Bool, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.setManualColours)
        let scope = actor.jurisdiction
        try await database.write { session in
            guard let r = try await session.select("""
                SELECT c.resident_id, c.requested_by, c.decided_at, c.expires_at FROM manual_colours c JOIN residents r ON r.id = c.resident_id
                WHERE c.id = ? AND \(scope.inside("r"))
                """, binds: [.int(requestID), .int(scope.id)], types: [.int, .int, .int, .int]).first
            else { throw StoreError(.notFound, "no such request") }
            guard r[1].int != userID else { throw StoreError(.forbidden, "a second officer must decide: you asked for this colour") }
            guard r[2].int == nil else { throw StoreError(.conflict, "this request is already decided") }
            guard r[3].int! > now else { throw StoreError(.conflict, "this request has expired") }
            try await session.execute("UPDATE manual_colours SET decided_by = ?, decided_at = ?, approved = ? WHERE id = ?",
                                     binds: [.int(userID), .int(now), .int(approve ? 1 : 0), .int(requestID)])
            try await Journal.append(session, actor: actor, action: approve ? "code.manual.approve" : "code.manual.reject",
                                     subjectType: "resident", subjectID: "\(r[0].int!)", reason: "request \(requestID)")
            if approve { try await CodeRefresh.run(session, .ids([r[0].int!]), now: now) }
        }
    }

    /// Requests in the actor's jurisdiction: undecided ones for code officers to decide, or all made on one local
    /// day (the auditor's daily list of manual changes).
    public func manualColours(actor: Actor, pendingOnly: Bool, day: CivilDate? = nil, now: Int64? = nil) async throws -> [ManualColourRequest] {
        let now = now ?? clock.now()
        try actor.require(.readManualColours)
        let scope = actor.jurisdiction
        var filter = "\(scope.inside("r"))"
        var binds: [SQLValue] = [.int(scope.id)]
        if pendingOnly {
            filter += " AND c.decided_at IS NULL AND c.expires_at > ?"
            binds.append(.int(now))
        }
        if let day {
            let start = day.startUnixTime()
            filter += " AND c.requested_at >= ? AND c.requested_at < ?"
            binds += [.int(start), .int(start + 86_400)]
        }
        let (where_, arguments) = (filter, binds)
        return try await database.read { session in
            try await session.select("""
                SELECT c.id, c.resident_id, r.name, c.colour, c.reason, c.expires_at, q.username, c.requested_at, d.username, c.decided_at, c.approved
                FROM manual_colours c JOIN residents r ON r.id = c.resident_id JOIN users q ON q.id = c.requested_by
                LEFT JOIN users d ON d.id = c.decided_by
                WHERE \(where_) ORDER BY c.requested_at DESC, c.id DESC LIMIT 1000
                """, binds: arguments, types: [.int, .int, .text, .text, .text, .int, .text, .int, .text, .int, .int]).map { r in
                ManualColourRequest(id: r[0].int!, residentID: r[1].int!, maskedName: Masking.name(r[2].text!),
                                    colour: r[3].text.flatMap(CodeColour.init) ?? .green, reason: r[4].text!, expiresAt: r[5].int!,
                                    requestedBy: r[6].text!, requestedAt: r[7].int!, decidedBy: r[8].text, decidedAt: r[9].int,
                                    approved: r[10].int.map { $0 == 1 })
            }
        }
    }
}
