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
    /// The citizen's own code and those of the people they act for.
    public func ownCodes(actor: Actor, now: Int64 = UnixTime.now()) async throws -> [PersonCode] {
        let people = try await ownPeople(actor: actor)
        var codes: [PersonCode] = []
        for person in people {
            codes.append(PersonCode(residentID: person.id, maskedName: person.maskedName, relation: person.relation, householdID: person.household,
                                    code: try await current(residentID: person.id, now: now)))
        }
        return codes
    }

    /// One of the citizen's own codes, by resident id: their own or a proxied person's; anyone else is not found.
    public func ownCode(residentID: Int64, actor: Actor, now: Int64 = UnixTime.now()) async throws -> PersonCode {
        guard let person = try await ownPeople(actor: actor).first(where: { $0.id == residentID }) else {
            throw StoreError(.notFound, "no such resident")
        }
        return PersonCode(residentID: person.id, maskedName: person.maskedName, relation: person.relation, householdID: person.household,
                          code: try await current(residentID: person.id, now: now))
    }

    func ownPeople(actor: Actor) async throws -> [(id: Int64, maskedName: String, relation: String?, household: Int64)] {
        guard actor.role == .citizen, let userID = actor.userID else { throw StoreError(.forbidden, "only citizens have their own code") }
        return try await database.read { session in
            guard let me = try await session.select("SELECT resident_id FROM users WHERE id = ?", binds: [.int(userID)], types: [.int]).first?[0].int
            else { throw StoreError(.notFound, "this account is not linked to a resident") }
            var people: [(id: Int64, maskedName: String, relation: String?, household: Int64)] = []
            for r in try await session.select("SELECT id, name, household_id FROM residents WHERE id = ?", binds: [.int(me)], types: [.int, .text, .int]) {
                people.append((r[0].int!, Masking.name(r[1].text!), nil, r[2].int!))
            }
            for r in try await session.select("""
                SELECT r.id, r.name, f.relation, r.household_id FROM family_proxies f JOIN residents r ON r.id = f.resident_id WHERE f.proxy_id = ? ORDER BY r.id
                """, binds: [.int(me)], types: [.int, .text, .text, .int]) {
                people.append((r[0].int!, Masking.name(r[1].text!), r[2].text, r[3].int!))
            }
            return people
        }
    }
}
