import CordonDomain

/// What a registration gives the traveller back: the record and who they are in the registry, if anyone.
public struct TravelRecord: Sendable, Hashable {
    public let id: Int64
    public let day: CivilDate
    public let maskedName: String
    /// The registered resident with this ID number, whose health code the pass carries; nil for a visitor.
    public let residentID: Int64?
}

/// A registration whose ID number belongs to a resident but whose phone is not theirs: refused, since otherwise anyone
/// knowing an ID number could learn that person's colour, or a red resident could pass as a green visitor.
public struct TravelPhoneMismatch: Error, Sendable {
    public init() {}
}

extension TravelPhoneMismatch: Refusal {
    public var status: RefusalStatus { .badRequest }
    public var key: String { "request.invalid_fields" }
    public var faults: [Issue] { [Issue(field: "phone", label: "travel_phone", key: "travel.phone_mismatch")] }
}

extension Checkpoints {
    /// Registers a traveller for `now`'s local day (一码通行). Registering again the same day updates the record and
    /// returns the same id, so a traveller who re-fills the form does not count twice. Identifiers are sealed.
    public func register(_ traveller: TravelRegistration, now: Int64? = nil) async throws -> TravelRecord {
        let now = now ?? clock.now()
        let keys = registry.cipher.keys()
        let hash = keys.searchHash(traveller.idNumber.value)
        let phoneHash = keys.searchHash(traveller.phone)
        let day = CivilDate(unixTime: now)
        let row: [SQLValue] = [
            .text(day.description), .text(traveller.name), .text(try keys.seal(traveller.idNumber.value)), .text(hash),
            .text(Masking.idNumber(traveller.idNumber.value)), .text(try keys.seal(traveller.phone)), .text(Masking.phone(traveller.phone)),
            .text(traveller.plate), .text(traveller.origin), .text(traveller.remarks), .int(now),
        ]
        return try await database.write { session in
            let resident = try await session.select("SELECT id, phone_hash FROM residents WHERE id_number_hash = ?", binds: [.text(hash)],
                                                    types: [.int, .text]).first
            if let resident, resident[1].text != phoneHash { throw TravelPhoneMismatch() }
            let id: Int64
            if let existing = try await session.select("SELECT id FROM travel_registrations WHERE id_number_hash = ? AND day = ?",
                                                       binds: [.text(hash), .text(day.description)], types: [.int]).first?[0].int {
                try await session.execute("""
                    UPDATE travel_registrations SET name = ?, phone_enc = ?, phone_masked = ?, plate = ?, origin = ?, remarks = ? WHERE id = ?
                    """, binds: [row[1], row[5], row[6], row[7], row[8], row[9], .int(existing)])
                id = existing
            } else {
                try await session.insert(into: "travel_registrations", columns: [
                    "day", "name", "id_number_enc", "id_number_hash", "id_number_masked", "phone_enc", "phone_masked", "plate", "origin",
                    "remarks", "created_at",
                ], rows: [row])
                id = try await session.select("SELECT id FROM travel_registrations WHERE id_number_hash = ? AND day = ?",
                                              binds: [.text(hash), .text(day.description)], types: [.int]).first![0].int!
            }
            // The traveller has no account; the journal names them by role, the record by its id.
            let anonymous = Actor(userID: nil, name: "traveller", role: .citizen,
                                  jurisdiction: Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath()))
            try await Journal.append(session, actor: anonymous,
                                     action: "travel.register", subjectType: "travel_registration", subjectID: "\(id)", reason: traveller.origin,
                                     detail: traveller.plate)
            return TravelRecord(id: id, day: day, maskedName: Masking.name(traveller.name), residentID: resident?[0].int)
        }
    }
}
