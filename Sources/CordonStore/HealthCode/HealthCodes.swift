import CordonDomain

/// Health codes: kept current by the events that change their facts (`CodeRefresh` in the same transaction), and
/// assessed again on reading whenever the clock alone may have changed them, so a code read is always the rules'
/// answer for now.
public struct HealthCodes: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    /// The code of one person now: the stored assessment when it is still current, else a fresh one, stored.
    /// The caller has established the right to see it (the person, their proxy, an audited staff read, a door).
    func current(residentID: Int64, now: Int64? = nil) async throws -> StoredCode {
        let now = now ?? clock.now()
        if let code = try await database.read({ try await Self.stored($0, residentID) }), !code.isStale(at: now) { return code }
        return try await database.write { session in
            try await CodeRefresh.run(session, .ids([residentID]), now: now)
            guard let code = try await Self.stored(session, residentID) else { throw StoreError(.notFound, "no such resident") }
            return code
        }
    }

    static func stored(_ session: Session, _ residentID: Int64) async throws -> StoredCode? {
        guard let r = try await session.select("""
            SELECT colour, reasons, policy_id, assessed_at, changes_at FROM health_codes WHERE resident_id = ?
            """, binds: [.int(residentID)], types: [.text, .text, .text, .int, .int]).first,
              let colour = r[0].text.flatMap(CodeColour.init) else { return nil }
        return StoredCode(residentID: residentID, colour: colour, reasons: StoredCode.decodeReasons(r[1].text!), policyID: r[2].text!,
                          assessedAt: r[3].int!, changesAt: r[4].int)
    }

    /// A staff member's view of a person's code. It takes the record, which only an audited read gives.
    public func code(for record: ResidentRecord, now: Int64? = nil) async throws -> StoredCode {
        let now = now ?? clock.now()
        return try await current(residentID: record.id, now: now)
    }

    /// The code a traveller's registration carries: theirs if the registry knows them (matched by ID number and
    /// phone), green for a visitor of whom no facts are held.
    public func code(for registration: TravelRecord, now: Int64? = nil) async throws -> CodeColour {
        let now = now ?? clock.now()
        guard let resident = registration.residentID else { return .green }
        return try await current(residentID: resident, now: now).colour
    }

    /// The colour changes of a person, newest first, with the reasons that held after each.
    public func history(residentID: Int64, limit: Int = 50) async throws -> [CodeChange] {
        try await database.read { session in
            try await session.select("""
                SELECT from_colour, to_colour, reasons, at FROM code_changes WHERE resident_id = ? ORDER BY at DESC, id DESC LIMIT ?
                """, binds: [.int(residentID), .int(Int64(max(1, min(limit, 500))))], types: [.text, .text, .text, .int]).map { r in
                CodeChange(from: r[0].text.flatMap(CodeColour.init), to: r[1].text.flatMap(CodeColour.init) ?? .green,
                           reasons: StoredCode.decodeReasons(r[2].text!), at: r[3].int!)
            }
        }
    }

    /// Assesses everyone under `area` again: after a designation, a policy change, or on an operator's request.
    public func refresh(area: Area, actor: Actor, now: Int64? = nil) async throws -> RefreshReport {
        let now = now ?? clock.now()
        try actor.require(.refreshCodes)
        guard actor.jurisdiction.contains(area) else { throw StoreError(.forbidden, "this role cannot reassess codes here") }
        return try await database.write { session in
            let report = try await CodeRefresh.run(session, .area(area), now: now)
            try await Journal.append(session, actor: actor, action: "codes.refresh", subjectType: "area", subjectID: area.code,
                                     reason: "reassessed", detail: "\(report.assessed) assessed, \(report.recoloured) recoloured")
            return report
        }
    }

    /// How many people under `area` have each colour. Yellow and red are read from the stored codes through their
    /// partial index; everyone else living there is green, since every fact that turns a code is stored with it.
    public func colourCounts(area: Area) async throws -> [CodeColour: Int] {
        let city = area.level == .city
        let sql = city ? "SELECT c.colour, COUNT(*) FROM health_codes c WHERE c.colour <> 'green' GROUP BY c.colour" : """
            SELECT c.colour, COUNT(*) FROM health_codes c JOIN residents r ON r.id = c.resident_id
            WHERE c.colour <> 'green' AND \(area.inside("r")) GROUP BY c.colour
            """
        return try await database.read { session in
            var counts: [CodeColour: Int] = [:]
            for r in try await session.select(sql, binds: city ? [] : [.int(area.id)], types: [.text, .int]) {
                if let colour = r[0].text.flatMap(CodeColour.init) { counts[colour] = Int(r[1].int!) }
            }
            // The database holds one city: its residents need no condition.
            let residents = try await session.select(city ? "SELECT COUNT(*) FROM residents" : "SELECT COUNT(*) FROM residents WHERE \(area.inside())",
                                                     binds: city ? [] : [.int(area.id)], types: [.int]).first?[0].int ?? 0
            counts[.green] = Int(residents) - counts.values.reduce(0, +)
            return counts
        }
    }
}
