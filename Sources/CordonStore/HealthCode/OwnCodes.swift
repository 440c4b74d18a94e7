import CordonDomain

/// A code a citizen may open: their own, or that of someone they act for (an elderly parent, a child).
public struct PersonCode: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let maskedName: String
    /// Nil for the citizen's own code, else how they are related (as registered by the grid worker).
    public let relation: String?
    /// Where they live, for the sampling sites nearest to them.
    public let householdID: Int64
    public let code: StoredCode
}

extension HealthCodes {
    /// The citizen's own code and those of the people they act for. This is the busiest read of the system (every
    /// door, every day), so it is one query: the people and their stored codes together; only codes that are missing
    /// or past their `changes_at` are assessed again, in one write.
    public func ownCodes(actor: Actor, now: Int64? = nil) async throws -> [PersonCode] {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.ownRecords)
        var people = try await database.quickSelect(OwnPeople.self, binds: [.int(userID), .int(userID)])
            .map(Self.ownPerson)
        guard !people.isEmpty else { throw StoreError(.notFound, "this account is not linked to a resident") }
        let stale = people.filter { $0.code.map { $0.isStale(at: now) } ?? true }.map(\.id)
        if !stale.isEmpty {
            people = try await database.write { session in
                try await CodeRefresh.run(session, .ids(stale), now: now)
                return try await Self.ownPeople(session, userID: userID)
            }
        }
        return people.compactMap { p in
            p.code.map { PersonCode(residentID: p.id, maskedName: p.maskedName, relation: p.relation, householdID: p.household, code: $0) }
        }
    }

    /// One of the citizen's own codes, by resident id: their own or a proxied person's; anyone else is not found.
    public func ownCode(residentID: Int64, actor: Actor, now: Int64? = nil) async throws -> PersonCode {
        let now = now ?? clock.now()
        guard let person = try await ownCodes(actor: actor, now: now).first(where: { $0.residentID == residentID }) else {
            throw StoreError(.notFound, "no such resident")
        }
        return person
    }

    struct OwnPerson {
        let id: Int64
        let maskedName: String
        let relation: String?
        let household: Int64
        let code: StoredCode?
    }


    static func ownPeople(_ session: Session, userID: Int64) async throws -> [OwnPerson] {
        try await session.select(OwnPeople.statement.sql, binds: [.int(userID), .int(userID)], types: OwnPeople.statement.types).map(ownPerson)
    }

    static func ownPerson(_ r: [SQLValue]) -> OwnPerson {
        let id = r[0].int!
        let code = r[3].text.flatMap(CodeColour.init).map { colour in
            StoredCode(residentID: id, colour: colour, reasons: r[4].text == "[]" ? [] : StoredCode.decodeReasons(r[4].text ?? "[]"),
                       policyID: r[5].text ?? "", assessedAt: r[6].int ?? 0, changesAt: r[7].int)
        }
        return OwnPerson(id: id, maskedName: Masking.name(r[1].text!), relation: r[8].text, household: r[2].int!, code: code)
    }
}

/// A citizen's own people (themselves, then those they act for) with their stored codes, in one statement.
enum OwnPeople: QuickRead {
    static let statement: QuickStatement = {
        let columns = "r.id, r.name, r.household_id, c.colour, c.reasons, c.policy_id, c.assessed_at, c.changes_at"
        let sql = """
            SELECT \(columns), NULL, 0 FROM users u JOIN residents r ON r.id = u.resident_id
            LEFT JOIN health_codes c ON c.resident_id = r.id WHERE u.id = ?
            UNION ALL
            SELECT \(columns), f.relation, 1 FROM users u JOIN family_proxies f ON f.proxy_id = u.resident_id
            JOIN residents r ON r.id = f.resident_id LEFT JOIN health_codes c ON c.resident_id = r.id WHERE u.id = ?
            ORDER BY 10, 1
            """
        return QuickStatement(name: "own_people", sql: sql, types: [.int, .text, .int, .text, .text, .text, .int, .int, .text, .int])
    }()
}
