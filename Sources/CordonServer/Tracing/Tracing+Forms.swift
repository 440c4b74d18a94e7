import CordonDomain
import CordonStore

extension Tracing {
    /// A contact as a form or body names them: by resident id or ID number, the tier and (for a secondary contact)
    /// the close contact's ID number as text. Every field that cannot be read is named.
    func addContact(caseID: Int64, residentID: Int64?, idNumber: String?, tier: String?, via: String?, exposedAt: Int64?, reason: String,
                    actor: Actor) async throws -> Int64 {
        try actor.require(.traceCases)
        var problems: [TracingError] = []
        var resident = residentID
        if resident == nil, let idNumber { resident = try await self.residentID(idNumber: idNumber, actor: actor) }
        if resident == nil { problems.append(TracingError(.unknownPerson, field: "id_number")) }
        let tier = tier.flatMap(ContactTier.init)
        if tier == nil { problems.append(TracingError(.unknownValue, field: "tier")) }
        var viaID: Int64?
        if tier == .secondary {
            if let via { viaID = try await self.residentID(idNumber: via, actor: actor) }
            if viaID == nil { problems.append(TracingError(.unknownPerson, field: "via")) }
        }
        if exposedAt == nil { problems.append(TracingError(.badFormat, field: "exposed_at")) }
        guard problems.isEmpty, let resident, let tier, let exposedAt else { throw TracingFailure(problems) }
        return try await addContact(caseID: caseID, residentID: resident, tier: tier, via: viaID, exposedAt: exposedAt, reason: reason, actor: actor)
    }
}
