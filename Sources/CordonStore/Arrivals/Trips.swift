import CordonDomain

/// One step of a person's trips (行程): an arrival they reported, a checkpoint that scanned their pass, or a day's
/// traffic registration.
public struct TripEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case arrival
        case checkpoint
        case registration
    }

    public let residentID: Int64
    public let kind: Kind
    public let at: Int64
    /// Where: the origin of an arrival, the checkpoint's name, the origin a registration gave.
    public let place: String
    /// What else is known: transport and trip number, direction and temperature, the plate.
    public let detail: String
}

extension Arrivals {
    /// The fourteen days of trips the trip card showed, from the person's reports, passages and registrations. Takes
    /// the audited record, so a staff member's look at someone's movements is in the audit log.
    public func trips(for record: ResidentRecord, now: Int64? = nil) async throws -> [TripEntry] {
        let now = now ?? clock.now()
        return try await trips(residentIDs: [record.id], now: now)
    }

    /// A citizen's own trips and those of the people they act for.
    public func ownTrips(actor: Actor, now: Int64? = nil) async throws -> [TripEntry] {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.ownRecords)
        let people = try await database.read { session in
            try await session.select("""
                SELECT u.resident_id FROM users u WHERE u.id = ? AND u.resident_id IS NOT NULL
                UNION SELECT f.resident_id FROM users u JOIN family_proxies f ON f.proxy_id = u.resident_id WHERE u.id = ?
                """, binds: [.int(userID), .int(userID)], types: [.int]).compactMap { $0[0].int }
        }
        return try await trips(residentIDs: people, now: now)
    }

    func trips(residentIDs: [Int64], now: Int64) async throws -> [TripEntry] {
        guard !residentIDs.isEmpty else { return [] }
        let since = now - Int64(ArrivalReport.lateDays) * 86_400
        let cipher = registry.cipher
        return try await database.read { session in
            var out: [TripEntry] = []
            let list = session.list(residentIDs)
            for r in try await session.select("""
                SELECT a.resident_id, a.arrived_at, o.name, a.transport, a.trip_number FROM arrivals a JOIN origins o ON o.code = a.origin_code
                WHERE a.resident_id IN (\(list.sql)) AND a.arrived_at >= ?
                """, binds: [list.bind, .int(since)], types: [.int, .int, .text, .text, .text]) {
                out.append(TripEntry(residentID: r[0].int!, kind: .arrival, at: r[1].int!, place: r[2].text!,
                                     detail: [r[3].text ?? "", r[4].text ?? ""].filter { !$0.isEmpty }.joined(separator: " ")))
            }
            for id in residentIDs {
                let subject = Passes.subject(residentID: id, cipher: cipher)
                for r in try await session.select("""
                    SELECT p.at, c.name, p.direction, p.temperature_tenths FROM passages p JOIN checkpoints c ON c.id = p.checkpoint_id
                    WHERE p.subject = ? AND p.at >= ? ORDER BY p.at LIMIT 500
                    """, binds: [.text(subject), .int(since)], types: [.int, .text, .text, .int]) {
                    let temperature = r[3].int.map { " \($0 / 10).\($0 % 10) °C" } ?? ""
                    out.append(TripEntry(residentID: id, kind: .checkpoint, at: r[0].int!, place: r[1].text!, detail: (r[2].text ?? "") + temperature))
                }
            }
            for r in try await session.select("""
                SELECT x.id, t.created_at, t.origin, t.plate FROM travel_registrations t JOIN residents x ON x.id_number_hash = t.id_number_hash
                WHERE x.id IN (\(list.sql)) AND t.created_at >= ?
                """, binds: [list.bind, .int(since)], types: [.int, .int, .text, .text]) {
                out.append(TripEntry(residentID: r[0].int!, kind: .registration, at: r[1].int!, place: r[2].text ?? "", detail: r[3].text ?? ""))
            }
            return out.sorted { ($0.at, $0.kind.rawValue) > ($1.at, $1.kind.rawValue) }
        }
    }
}
