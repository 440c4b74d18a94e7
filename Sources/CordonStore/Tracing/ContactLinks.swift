import CordonDomain

/// A person linked to a case as a contact, by one route: proposed, confirmed or removed.
public struct ContactLink: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable { case proposed, confirmed, removed }
    public let id: Int64
    public let caseID: Int64
    public let residentID: Int64
    public let name: String
    public let address: String
    public let tier: ContactTier
    public let route: ContactRoute
    public let venueName: String?
    public let viaName: String?
    public let exposedAt: Int64
    public let status: Status
    public let reason: String?
}

extension Tracing {
    /// The contacts linked to a case, close before secondary, then by name.
    public func links(caseID: Int64, actor: Actor, limit: Int? = nil) async throws -> [ContactLink] {
        try actor.require(.readCases)
        let cap = limit.map { " LIMIT \(max(1, $0))" } ?? ""
        return try await database.read { session in
            _ = try await Self.caseRow(session, caseID, actor: actor)
            return try await session.select("""
                SELECT l.id, l.case_id, l.resident_id, r.name, r.address, l.tier, l.route, v.name, w.name, l.exposed_at, l.status, l.reason
                FROM contact_links l JOIN residents r ON r.id = l.resident_id LEFT JOIN venues v ON v.id = l.venue_id
                LEFT JOIN residents w ON w.id = l.via_resident_id WHERE l.case_id = ?
                ORDER BY l.tier, l.status, r.name, l.id\(cap)
                """, binds: [.int(caseID)], types: [.int, .int, .int, .text, .text, .text, .text, .text, .text, .int, .text, .text]).map { r in
                ContactLink(id: r[0].int!, caseID: r[1].int!, residentID: r[2].int!, name: r[3].text!, address: r[4].text ?? "",
                            tier: r[5].text.flatMap(ContactTier.init) ?? .close, route: r[6].text.flatMap(ContactRoute.init) ?? .manual,
                            venueName: r[7].text, viaName: r[8].text, exposedAt: r[9].int!,
                            status: r[10].text.flatMap(ContactLink.Status.init) ?? .proposed, reason: r[11].text)
            }
        }
    }

    /// How many links a case has, by tier and status: a case page shows the counts and the first few hundred rows.
    public func linkCounts(caseID: Int64, actor: Actor) async throws -> [ContactTier: [ContactLink.Status: Int]] {
        try actor.require(.readCases)
        return try await database.read { session in
            _ = try await Self.caseRow(session, caseID, actor: actor)
            var counts: [ContactTier: [ContactLink.Status: Int]] = [:]
            for r in try await session.select("SELECT tier, status, COUNT(*) FROM contact_links WHERE case_id = ? GROUP BY tier, status",
                                              binds: [.int(caseID)], types: [.text, .text, .int]) {
                guard let tier = r[0].text.flatMap(ContactTier.init), let status = r[1].text.flatMap(ContactLink.Status.init) else { continue }
                counts[tier, default: [:]][status] = Int(r[2].int ?? 0)
            }
            return counts
        }
    }

    /// Confirms a proposed link (the person enters the ledger, or keeps their entry with the strictest tier) or
    /// removes it with a reason (they leave the ledger when no confirmed link remains).
    public func decide(linkID: Int64, confirm: Bool, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let reason = reason.trimmingSpaces()
        if !confirm, reason.isEmpty { throw TracingFailure([TracingError(.reasonMissing, field: "reason")]) }
        try await database.write { session in
            guard let r = try await session.select("SELECT case_id, resident_id, status FROM contact_links WHERE id = ?",
                                                   binds: [.int(linkID)], types: [.int, .int, .text]).first
            else { throw StoreError(.notFound, "no such contact") }
            let record = try await Self.caseRow(session, r[0].int!, actor: actor)
            let resident = r[1].int!
            let status: ContactLink.Status = confirm ? .confirmed : .removed
            guard r[2].text != status.rawValue else { throw StoreError(.conflict, "the contact is already \(status.rawValue)") }
            try await session.execute("UPDATE contact_links SET status = ?, reason = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                                     binds: [.text(status.rawValue), reason.isEmpty ? .null : .text(reason), .text(actor.name), .int(now), .int(linkID)])
            try await Self.settleLedger(session, residentID: resident, now: now)
            try await Journal.append(session, actor: actor, action: confirm ? "contact.confirm" : "contact.remove", subjectType: "resident",
                                     subjectID: "\(resident)", reason: reason.isEmpty ? "tracing" : reason, detail: "case \(record.id), link \(linkID)")
            try await CodeRefresh.run(session, .ids([resident]), now: now)
        }
    }

    /// Confirms every link of a tier still proposed for a case, in one transaction: the epidemiologist has reviewed
    /// the list and removed the doubtful ones. Returns the people confirmed.
    @discardableResult
    public func confirmAll(caseID: Int64, tier: ContactTier, actor: Actor, now: Int64? = nil) async throws -> Int {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        return try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            let residents = Set(try await session.execute("""
                UPDATE contact_links SET status = 'confirmed', decided_by = ?, decided_at = ? WHERE case_id = ? AND tier = ? AND status = 'proposed'
                RETURNING resident_id
                """, binds: [.text(actor.name), .int(now), .int(caseID), .text(tier.rawValue)], returning: [.int]).compactMap { $0[0].int })
            for resident in residents.sorted() { try await Self.settleLedger(session, residentID: resident, now: now) }
            try await Journal.append(session, actor: actor, action: "contact.confirm_all", subjectType: "resident", subjectID: "\(record.residentID)",
                                     reason: "tracing", detail: "case \(caseID): \(residents.count) \(tier.rawValue) contacts confirmed")
            if !residents.isEmpty { try await CodeRefresh.run(session, .ids(residents.sorted()), now: now) }
            return residents.count
        }
    }

    /// Adds a contact the interview found and no record shows (a friend met at home, a colleague in a car). A
    /// secondary contact names the close contact they met.
    @discardableResult
    public func addContact(caseID: Int64, residentID: Int64, tier: ContactTier, via: Int64?, exposedAt: Int64, reason: String, actor: Actor,
                           now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        var problems: [TracingError] = []
        if !policy(at: now).tiers.contains(tier) { problems.append(TracingError(.tierNotInPolicy, field: "tier")) }
        if tier == .secondary, via == nil { problems.append(TracingError(.unknownPerson, field: "via")) }
        if exposedAt > now { problems.append(TracingError(.inFuture, field: "exposed_at")) }
        if reason.trimmingSpaces().isEmpty { problems.append(TracingError(.reasonMissing, field: "reason")) }
        guard problems.isEmpty else { throw TracingFailure(problems) }
        return try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            guard residentID != record.residentID else { throw TracingFailure([TracingError(.contactIsCase, field: "resident_id")]) }
            guard try await session.select("SELECT id FROM residents WHERE id = ?", binds: [.int(residentID)], types: [.int]).first != nil
            else { throw TracingFailure([TracingError(.unknownPerson, field: "resident_id")]) }
            let proposal = ContactProposal(residentID: residentID, tier: tier, route: .manual, venueID: nil, exposedAt: exposedAt,
                                           viaResidentID: tier == .secondary ? via : nil)
            guard try await !Self.insertLinks(session, caseID: caseID, [proposal], now: now, status: .confirmed, decidedBy: actor.name).isEmpty else {
                throw StoreError(.conflict, "this person is already linked to the case by hand")
            }
            try await Self.settleLedger(session, residentID: residentID, now: now)
            try await Journal.append(session, actor: actor, action: "contact.add", subjectType: "resident", subjectID: "\(residentID)",
                                     reason: reason.trimmingSpaces(), detail: "case \(caseID), \(tier.rawValue)")
            try await CodeRefresh.run(session, .ids([residentID]), now: now)
            return try await session.select("SELECT id FROM contacts WHERE resident_id = ? AND closed_at IS NULL", binds: [.int(residentID)],
                                            types: [.int]).first?[0].int ?? 0
        }
    }

    /// Brings a person's ledger entry in line with their confirmed links: one open entry with the strictest tier
    /// and the latest exposure, opened at the first confirmation, closed when none is left. An open case is never
    /// also a contact.
    static func settleLedger(_ session: Session, residentID: Int64, now: Int64) async throws {
        let links = try await session.select("""
            SELECT tier, exposed_at FROM contact_links WHERE resident_id = ? AND status = 'confirmed'
            """, binds: [.int(residentID)], types: [.text, .int])
        let isCase = try await session.select("SELECT id FROM cases WHERE resident_id = ? AND closed_at IS NULL", binds: [.int(residentID)],
                                              types: [.int]).first != nil
        let open = try await session.select("SELECT id FROM contacts WHERE resident_id = ? AND closed_at IS NULL", binds: [.int(residentID)],
                                            types: [.int]).first?[0].int
        guard !isCase, let tier = ContactFinder.strictest(links.compactMap { $0[0].text.flatMap(ContactTier.init) }) else {
            if let open { try await session.execute("UPDATE contacts SET closed_at = ? WHERE id = ?", binds: [.int(now), .int(open)]) }
            return
        }
        let exposed = links.compactMap { $0[1].int }.max() ?? now
        if let open {
            try await session.execute("UPDATE contacts SET tier = ?, exposed_at = ? WHERE id = ?",
                                     binds: [.text(tier.rawValue), .int(exposed), .int(open)])
        } else {
            try await session.execute("INSERT INTO contacts (resident_id, tier, exposed_at, confirmed_at) VALUES (?, ?, ?, ?)",
                                     binds: [.int(residentID), .text(tier.rawValue), .int(exposed), .int(now)])
        }
    }
}
