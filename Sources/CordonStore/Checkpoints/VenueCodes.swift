import CordonDomain
import Foundation

/// A venue as its staff see it.
public struct VenueRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let code: String
    public let name: String
    public let category: String
    public let areaName: String
}

/// A recorded check-in, as the citizen's phone shows it to the door: where, when, and their code's colour.
public struct CheckIn: Sendable, Hashable, Codable {
    public let venue: String
    public let venueName: String
    public let at: Int64
    public let printed: Bool
    public let residentID: Int64
}

/// Venue codes (场所码) and check-ins. Codes carry a keyed tag only the server can make, so a check-in proves the
/// person saw the venue's own code, recently.
public struct Checkpoints: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    func policy(_ now: Int64) -> VenueCodePolicy { database.policies.inForce(at: now).healthCode.venueCodes }

    func tag(_ signedText: String) -> String {
        let hash = registry.cipher.searchHash("venue-code:" + signedText)
        return String(hash.prefix(16)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// The code a venue's screen shows now.
    public func rotatingCode(venue: String, now: Int64? = nil) -> VenueCode {
        let now = now ?? clock.now()
        let slot = now / Int64(policy(now).rotationSeconds)
        let unsigned = VenueCode(venue: venue, validity: .slot(slot), tag: "")
        return VenueCode(venue: venue, validity: .slot(slot), tag: tag(unsigned.signedText))
    }

    /// The code printed for a venue without a screen, good on `day` only.
    public func dailyCode(venue: String, day: CivilDate) -> VenueCode {
        let unsigned = VenueCode(venue: venue, validity: .day(day), tag: "")
        return VenueCode(venue: venue, validity: .day(day), tag: tag(unsigned.signedText))
    }

    /// Checks a scanned venue code: ours, untouched, fresh. Throws which of these it is not.
    public func check(_ text: String, now: Int64? = nil) throws(VenueCodeError) -> VenueCode {
        let now = now ?? clock.now()
        let code = try VenueCode(parsing: text)
        guard constantTimeEqual(code.tag, tag(code.signedText)) else { throw .forged }
        try code.checkFresh(now: now, policy: policy(now))
        return code
    }

    /// Venues staff may show codes for: those in their jurisdiction.
    public func venues(actor: Actor, limit: Int = 200) async throws -> [VenueRecord] {
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT v.id, v.code, v.name, v.category, a.name FROM venues v JOIN areas a ON a.id = v.area_id
                WHERE \(scope.inside("a")) ORDER BY v.code LIMIT ?
                """, binds: [.int(scope.id), .int(Int64(max(1, min(limit, 1000))))], types: [.int, .text, .text, .text, .text]).map {
                VenueRecord(id: $0[0].int!, code: $0[1].text!, name: $0[2].text!, category: $0[3].text!, areaName: $0[4].text!)
            }
        }
    }

    public func venue(code: String, actor: Actor) async throws -> VenueRecord {
        let scope = actor.jurisdiction
        guard let venue = try await database.read({ session in
            try await session.select("""
                SELECT v.id, v.code, v.name, v.category, a.name FROM venues v JOIN areas a ON a.id = v.area_id
                WHERE v.code = ? AND \(scope.inside("a"))
                """, binds: [.text(code), .int(scope.id)], types: [.int, .text, .text, .text, .text]).first
        }) else { throw StoreError(.notFound, "no such venue") }
        return VenueRecord(id: venue[0].int!, code: venue[1].text!, name: venue[2].text!, category: venue[3].text!, areaName: venue[4].text!)
    }

    /// A citizen (for themselves or someone they act for) checks in with a scanned code. A stale, forged or unknown
    /// code records nothing. The visit lasts the policy's dwell time, which tracing reads as its span.
    public func checkIn(code text: String, residentID: Int64, actor: Actor, codes: HealthCodes, now: Int64? = nil) async throws -> CheckIn {
        let now = now ?? clock.now()
        let code = try check(text, now: now)
        _ = try await codes.ownCode(residentID: residentID, actor: actor, now: now)
        let printed: Bool = if case .day = code.validity { true } else { false }
        let dwell = Int64(policy(now).dwellMinutes) * 60
        return try await database.write { session in
            guard let venue = try await session.select("SELECT id, name FROM venues WHERE code = ?", binds: [.text(code.venue)], types: [.int, .text]).first
            else { throw VenueCodeError.unknownVenue }
            try await session.insert(into: "venue_visits", columns: ["resident_id", "venue_id", "entered_at", "left_at", "source"], rows: [[
                .int(residentID), .int(venue[0].int!), .int(now), .int(now + dwell), .text(printed ? "printed" : "scan"),
            ]])
            try await Journal.append(session, actor: actor, action: "venue.check_in", subjectType: "resident", subjectID: "\(residentID)",
                                     reason: code.venue, detail: printed ? "printed code" : "rotating code")
            return CheckIn(venue: code.venue, venueName: venue[1].text!, at: now, printed: printed, residentID: residentID)
        }
    }
}

/// Compares two strings in time that depends only on their lengths, so a tag cannot be guessed byte by byte.
func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}
