import CordonDomain

/// Cases and contact tracing: registration, trajectories, contacts proposed and confirmed, the ledger, risk points,
/// chains and clusters. Every method takes the actor; cases are seen inside the actor's jurisdiction (by where the
/// case lives), ledger entries by where the contact lives, so a street's grid workers see the contacts pushed to them.
public struct Tracing: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    func policy(at now: Int64) -> TracingPolicy { database.policies.inForce(at: now).tracing }
}

extension Tracing {
    /// Who an ID number belongs to, anywhere in the city: a tracer adds contacts wherever they live, and the ledger
    /// pushes them to their own community.
    /// Who an ID number names, within the actor's jurisdiction and only for a role that reads residents: a lookup
    /// is a read of the registry, and answering it for anyone would tell a lab or a door who is registered where.
    public func residentID(idNumber: String, actor: Actor) async throws -> Int64? {
        try actor.require(.readResidents)
        let cipher = registry.cipher
        let scope = actor.jurisdiction
        return try await database.read { session in
            guard let id = try await Self.residentID(session, idNumber: idNumber, cipher: cipher) else { return nil }
            return try await session.select("SELECT id FROM residents WHERE id = ? AND \(scope.inside())",
                                            binds: [.int(id), .int(scope.id)], types: [.int]).first?[0].int
        }
    }

    /// The same inside a transaction, by the keyed hash of the trimmed, upper-cased number.
    static func residentID(_ session: Session, idNumber: String, cipher: FieldCipher) async throws -> Int64? {
        let number = idNumber.trimmingSpaces().uppercased()
        guard !number.isEmpty else { return nil }
        return try await session.select("SELECT id FROM residents WHERE id_number_hash = ?", binds: [.text(cipher.searchHash(number))],
                                        types: [.int]).first?[0].int
    }
}
