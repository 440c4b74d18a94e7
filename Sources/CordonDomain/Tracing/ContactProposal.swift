/// How a person came to be proposed as a contact.
public enum ContactRoute: String, Sendable, Hashable, Codable, CaseIterable {
    case household
    /// Their venue visit met the case's (or close contact's) visit, from scans.
    case venue
    /// Their visit met a place and time the case named in interview.
    case interview
    case manual
    case imported
}

/// One person proposed as a contact of a case, by one route.
public struct ContactProposal: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let tier: ContactTier
    public let route: ContactRoute
    public let venueID: Int64?
    /// The last moment of exposure by this route; quarantine and the contact's own window count from it.
    public let exposedAt: Int64
    /// For a secondary contact, the close contact through whom they were exposed.
    public let viaResidentID: Int64?

    public init(residentID: Int64, tier: ContactTier, route: ContactRoute, venueID: Int64?, exposedAt: Int64, viaResidentID: Int64? = nil) {
        self.residentID = residentID
        self.tier = tier
        self.route = route
        self.venueID = venueID
        self.exposedAt = exposedAt
        self.viaResidentID = viaResidentID
    }
}

/// A visit at a venue, as the finder reads it.
public struct VenuePresence: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let venueID: Int64
    public let span: Presence

    public init(residentID: Int64, venueID: Int64, span: Presence) {
        self.residentID = residentID
        self.venueID = venueID
        self.span = span
    }
}

/// Contact finding, without I/O: the store reads the visits at the places a person was; this decides who met them.
public enum ContactFinder {
    /// Everyone who met `person` (a case, or a close contact for the next tier): household members exposed until the
    /// window's end, and visitors whose visit met one of the person's presences at the same venue within the margin.
    /// `presences` are the person's own visits and interview entries (tagged with their route) inside `window`;
    /// `others` are visits at those venues. People in `excluded` (the case, open cases, the person himself) are never
    /// proposed. One proposal per person, route and venue, with the latest exposure.
    public static func propose(tier: ContactTier, window: Presence, household: [Int64], presences: [(VenuePresence, ContactRoute)],
                               others: [VenuePresence], excluded: Set<Int64>, rule: CoPresence, via: Int64? = nil) -> [ContactProposal] {
        struct Key: Hashable { let resident: Int64; let route: ContactRoute; let venue: Int64? }
        var best: [Key: ContactProposal] = [:]
        func offer(_ p: ContactProposal) {
            guard !excluded.contains(p.residentID) else { return }
            let key = Key(resident: p.residentID, route: p.route, venue: p.venueID)
            if let old = best[key], old.exposedAt >= p.exposedAt { return }
            best[key] = p
        }
        for member in household {
            offer(ContactProposal(residentID: member, tier: tier, route: .household, venueID: nil, exposedAt: window.end, viaResidentID: via))
        }
        var byVenue: [Int64: [(Presence, ContactRoute)]] = [:]
        for (p, route) in presences where p.span.overlaps(window) {
            // Only the part inside the window counts: before it the person was not infectious, after it isolated.
            byVenue[p.venueID, default: []].append((Presence(start: max(p.span.start, window.start), end: min(p.span.end, window.end)), route))
        }
        for visit in others {
            guard let spans = byVenue[visit.venueID] else { continue }
            for (span, route) in spans where visit.residentID != via && rule.met(span, visit.span) {
                offer(ContactProposal(residentID: visit.residentID, tier: tier, route: route, venueID: visit.venueID,
                                      exposedAt: span.lastShared(with: visit.span), viaResidentID: via))
            }
        }
        return best.values.sorted { ($0.residentID, $0.route.rawValue, $0.venueID ?? 0) < ($1.residentID, $1.route.rawValue, $1.venueID ?? 0) }
    }

    /// The tier a person holds when found through several cases or routes: the strictest.
    public static func strictest(_ tiers: some Sequence<ContactTier>) -> ContactTier? {
        var result: ContactTier?
        for tier in tiers {
            if tier == .close { return .close }
            result = tier
        }
        return result
    }
}
