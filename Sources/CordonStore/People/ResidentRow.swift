import CordonDomain

/// The encrypted and hashed identifiers of one resident, computed before the write transaction opens.
public struct SealedIdentifiers: Sendable {
    public let idHash: String
    let idEncrypted: String
    let phoneHash: String?
    let phoneEncrypted: String?
}

extension Registry {
    public static let insertColumns = ["name", "id_kind", "id_number_enc", "id_number_hash", "id_number_masked", "birth_date", "sex",
                                       "phone_enc", "phone_hash", "phone_masked", "groups", "work_group", "household_id"]
        + AreaLevel.allCases.filter { $0 != .household }.map { "\($0.rawValue)_id" } + ["address", "created_at"]

    public func seal(_ resident: NewResident) throws -> SealedIdentifiers {
        try Self.seal(resident, keys: cipher.keys())
    }

    static func seal(_ resident: NewResident, keys: FieldCipher.Keys) throws -> SealedIdentifiers {
        SealedIdentifiers(idHash: keys.searchHash(resident.idNumber), idEncrypted: try keys.seal(resident.idNumber),
                          phoneHash: resident.phone.map(keys.searchHash), phoneEncrypted: try resident.phone.map(keys.seal))
    }

    /// Keyed hashes of many ID numbers on every core, keeping their order.
    public func hashAll(_ values: [String]) async throws -> [String] {
        let size = Swift.max(1, (values.count + 7) / 8)
        return try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for (n, chunk) in values.chunked(size).enumerated() {
                group.addTask {
                    let keys = self.cipher.keys()
                    return (n, chunk.map(keys.searchHash))
                }
            }
            var pieces: [Int: [String]] = [:]
            for try await (n, part) in group { pieces[n] = part }
            return pieces.keys.sorted().flatMap { pieces[$0]! }
        }
    }

    /// Seals many residents on every core, keeping their order.
    public func sealAll(_ residents: [NewResident]) async throws -> [SealedIdentifiers] {
        let parts = 8
        let size = Swift.max(1, (residents.count + parts - 1) / parts)
        return try await withThrowingTaskGroup(of: (Int, [SealedIdentifiers]).self) { group in
            for (n, chunk) in residents.chunked(size).enumerated() {
                group.addTask {
                    let keys = self.cipher.keys()
                    return (n, try chunk.map { try Self.seal($0, keys: keys) })
                }
            }
            var pieces: [Int: [SealedIdentifiers]] = [:]
            for try await (n, sealed) in group { pieces[n] = sealed }
            return pieces.keys.sorted().flatMap { pieces[$0]! }
        }
    }

    /// The stored row of a resident in `insertColumns` order.
    public static func row(_ r: NewResident, sealed: SealedIdentifiers, household: Area, address: String, createdAt: Int64) -> [SQLValue] {
        var values: [SQLValue] = [
            .text(r.name), .text(r.idKind.rawValue), .text(sealed.idEncrypted), .text(sealed.idHash), .text(Masking.idNumber(r.idNumber)),
            .text(r.birthDate.description), .text(r.sex.rawValue), .text(sealed.phoneEncrypted), .text(sealed.phoneHash),
            .text(r.phone.map(Masking.phone)), .text(r.groups.map(\.rawValue).joined(separator: ";")), .text(r.workGroup?.rawValue), .int(household.id),
        ]
        for level in AreaLevel.allCases where level != .household { values.append(.int(household.ancestors[level])) }
        values.append(.text(address))
        values.append(.int(createdAt))
        return values
    }

    /// `城关区 东岗街道 …` from the district down to the household.
    public static func address(of household: Area, names: [Int64: String]) -> String {
        AreaLevel.allCases.filter { $0 != .city }.compactMap { household.ancestors[$0].flatMap { names[$0] } }.joined(separator: " ")
    }
}
