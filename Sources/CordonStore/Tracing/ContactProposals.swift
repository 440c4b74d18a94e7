import CordonDomain

/// What proposing found for a case: the people newly linked, by tier (one person linked by several routes counts
/// once; people already linked by the same route are not counted again), and how long it took.
public struct ProposalReport: Sendable, Hashable, Codable {
    public var close = 0
    public var secondary = 0
    public var seconds = 0.0
}

extension Tracing {
    /// Proposes contacts for a case: household members, people whose visit met the case's visits or interview
    /// entries at the same venue, and (when the policy in force traces them) people who shared a home or close-range
    /// time with a confirmed close contact from their exposure until they were put under control. Idempotent:
    /// proposing again adds only people not yet linked by the same route.
    @discardableResult
    public func propose(caseID: Int64, actor: Actor, now: Int64? = nil) async throws -> ProposalReport {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let started = ContinuousClock.now
        var report = try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            let policy = policy(at: now)
            let openCases = Set(try await session.select("SELECT resident_id FROM cases WHERE closed_at IS NULL", binds: [], types: [.int])
                .compactMap { $0[0].int })
            let trajectory = try await Self.trajectory(session, record, now: now)
            let closeRange = try await Self.closeRange(session, venues: trajectory.items.compactMap(\.venueID), policy: policy)
            let person = Person(id: record.residentID, window: trajectory.window, presences: trajectory.items.compactMap { item in
                guard let venue = item.venueID, item.source == .interview || closeRange.contains(venue) else { return nil }
                return (VenuePresence(residentID: record.residentID, venueID: venue, span: item.span), item.source == .scan ? .venue : .interview)
            })
            let close = try await Self.meetings(session, [person], tier: .close, excluded: openCases.union([record.residentID]), policy: policy)
            var report = ProposalReport()
            report.close = try await Self.insertLinks(session, caseID: caseID, close, now: now).count
            if policy.secondaryContacts {
                report.secondary = try await Self.proposeSecondary(session, caseID: caseID, caseResident: record.residentID, openCases: openCases,
                                                                   policy: policy, now: now)
            }
            try await Journal.append(session, actor: actor, action: "case.contacts.propose", subjectType: "resident",
                                     subjectID: "\(record.residentID)", reason: "tracing",
                                     detail: "case \(caseID): \(report.close) close, \(report.secondary) secondary proposed")
            return report
        }
        let elapsed = ContinuousClock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return report
    }

    /// Which of `venues` are of a close-range kind under `policy`.
    static func closeRange(_ session: Session, venues: [Int64], policy: TracingPolicy) async throws -> Set<Int64> {
        guard !policy.closeRangeVenueCategories.isEmpty else { return Set(venues) }
        guard !venues.isEmpty else { return [] }
        let ids = session.list(Set(venues).sorted()), kinds = session.list(policy.closeRangeVenueCategories.sorted())
        return Set(try await session.select("SELECT id FROM venues WHERE id IN (\(ids.sql)) AND category IN (\(kinds.sql))",
                                            binds: [ids.bind, kinds.bind], types: [.int]).compactMap { $0[0].int })
    }

    /// Someone whose contacts are sought: their window and where they were in it.
    struct Person {
        let id: Int64
        let window: Presence
        let presences: [(VenuePresence, ContactRoute)]
    }

    /// Secondary contacts of every confirmed close contact of a case, read in a handful of queries for all of them:
    /// their households, their visits at close-range venues, and those venues' visits in the spans they were there.
    static func proposeSecondary(_ session: Session, caseID: Int64, caseResident: Int64, openCases: Set<Int64>, policy: TracingPolicy,
                                 now: Int64) async throws -> Int {
        let closeRows = try await session.select("""
            SELECT l.resident_id, MAX(l.exposed_at), MAX(c.controlled_at), MAX(CASE WHEN l.status = 'confirmed' THEN 1 ELSE 0 END)
            FROM contact_links l LEFT JOIN contacts c ON c.resident_id = l.resident_id AND c.closed_at IS NULL
            WHERE l.case_id = ? AND l.tier = 'close' AND l.status <> 'removed' GROUP BY l.resident_id
            """, binds: [.int(caseID)], types: [.int, .int, .int, .int])
        // Anyone proposed as a close contact keeps that, the stricter tier.
        let excluded = openCases.union([caseResident]).union(closeRows.compactMap { $0[0].int })
        let windows = Dictionary(closeRows.filter { $0[3].int == 1 }.map { r in
            (r[0].int!, ExposureWindow.forContact(exposedAt: r[1].int!, controlledAt: r[2].int, now: now))
        }, uniquingKeysWith: { a, _ in a })
        guard !windows.isEmpty else { return 0 }
        let ids = session.list(windows.keys.sorted())
        let earliest = windows.values.map(\.start).min()! - Int64(policy.longestVisitHours) * 3_600
        var visits: [VenuePresence] = []
        for r in try await session.select("""
            SELECT x.resident_id, x.venue_id, x.entered_at, x.left_at FROM venue_visits x
            WHERE x.resident_id IN (\(ids.sql)) AND x.entered_at >= ? AND x.entered_at <= ?
            """, binds: [ids.bind, .int(earliest), .int(now)], types: [.int, .int, .int, .int]) {
            visits.append(VenuePresence(residentID: r[0].int!, venueID: r[1].int!, span: Presence(start: r[2].int!, end: r[3].int!)))
        }
        let closeRange = try await closeRange(session, venues: visits.map(\.venueID), policy: policy)
        var presences: [Int64: [(VenuePresence, ContactRoute)]] = [:]
        for visit in visits where closeRange.contains(visit.venueID) {
            let who = visit.residentID
            if let window = windows[who], visit.span.overlaps(window) { presences[who, default: []].append((visit, .venue)) }
        }
        let people = windows.keys.sorted().map { Person(id: $0, window: windows[$0]!, presences: presences[$0] ?? []) }
        // One link per secondary contact and case: at home if they live with a close contact, else their latest
        // exposure. Their follow-up is the same whichever way they met; a close office can add thousands of them.
        var best: [Int64: ContactProposal] = [:]
        for p in try await meetings(session, people, tier: .secondary, excluded: excluded, policy: policy) {
            guard let old = best[p.residentID] else { best[p.residentID] = p; continue }
            if old.route != .household, p.route == .household || p.exposedAt > old.exposedAt { best[p.residentID] = p }
        }
        return try await insertLinks(session, caseID: caseID, best.keys.sorted().map { best[$0]! }, now: now).count
    }

    /// The people who met each of `people` in their window: household members, and visitors co-present (by the
    /// tier's rule) at the venues of their presences. The venues' visits are read once per venue over the union of
    /// the spans anyone was there, by the index on (venue, entry time).
    static func meetings(_ session: Session, _ people: [Person], tier: ContactTier, excluded: Set<Int64>, policy: TracingPolicy) async throws -> [ContactProposal] {
        guard !people.isEmpty else { return [] }
        var households: [Int64: [Int64]] = [:]
        let ids = session.list(people.map(\.id))
        for r in try await session.select("""
            SELECT p.id, o.id FROM residents p JOIN residents o ON o.household_id = p.household_id WHERE p.id IN (\(ids.sql)) AND o.id <> p.id
            """, binds: [ids.bind], types: [.int, .int]) {
            households[r[0].int!, default: []].append(r[1].int!)
        }
        let rule = policy.coPresence(tier)
        let longest = Int64(policy.longestVisitHours) * 3_600
        var ranges: [Int64: [Presence]] = [:]
        for person in people {
            for (p, _) in person.presences where p.span.overlaps(person.window) {
                ranges[p.venueID, default: []].append(Presence(start: max(p.span.start, person.window.start), end: min(p.span.end, person.window.end)))
            }
        }
        var others: [Int64: [VenuePresence]] = [:]
        for (venue, spans) in ranges.sorted(by: { $0.key < $1.key }) {
            for span in merged(spans, gap: longest) {
                others[venue, default: []] += try await session.select("""
                    SELECT resident_id, entered_at, left_at FROM venue_visits
                    WHERE venue_id = ? AND entered_at >= ? AND entered_at <= ? AND left_at >= ?
                    """, binds: [.int(venue), .int(span.start - rule.reach - longest), .int(span.end + rule.reach), .int(span.start - rule.reach)],
                    types: [.int, .int, .int]).map { r in
                    VenuePresence(residentID: r[0].int!, venueID: venue, span: Presence(start: r[1].int!, end: r[2].int!))
                }
            }
        }
        var proposals: [ContactProposal] = []
        for person in people {
            let venues = Set(person.presences.map(\.0.venueID))
            let (from, until) = (person.window.start - rule.reach, person.window.end + rule.reach)
            let seen = venues.sorted().flatMap { (others[$0] ?? []).filter { $0.span.end >= from && $0.span.start <= until } }
            proposals += ContactFinder.propose(tier: tier, window: person.window, household: households[person.id] ?? [], presences: person.presences,
                                               others: seen, excluded: excluded.union([person.id]), rule: rule,
                                               via: tier == .secondary ? person.id : nil)
        }
        return proposals
    }

    /// Spans joined where they overlap or lie closer than `gap`, so one index scan serves neighbours.
    static func merged(_ spans: [Presence], gap: Int64) -> [Presence] {
        var result: [Presence] = []
        for span in spans.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, span.start <= last.end + gap {
                result[result.count - 1] = Presence(start: last.start, end: max(last.end, span.end))
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// Inserts proposals not yet linked; returns the people newly linked. The case's links are read first and only
    /// new ones written, by the bulk path: a secondary round may add tens of thousands. (Two tracers proposing for one
    /// case at once would meet the unique index, and the later transaction fails rather than doubling a link.)
    @discardableResult
    static func insertLinks(_ session: Session, caseID: Int64, _ proposals: [ContactProposal], now: Int64,
                            status: ContactLink.Status = .proposed, decidedBy: String? = nil) async throws -> Set<Int64> {
        guard !proposals.isEmpty else { return [] }
        struct Key: Hashable { let resident: Int64; let tier: String; let route: String; let venue: Int64 }
        var known = Set(try await session.select("SELECT resident_id, tier, route, venue_id FROM contact_links WHERE case_id = ?",
                                                  binds: [.int(caseID)], types: [.int, .text, .text, .int]).map {
            Key(resident: $0[0].int!, tier: $0[1].text!, route: $0[2].text!, venue: $0[3].int ?? 0)
        })
        var rows: [[SQLValue]] = []
        var added: Set<Int64> = []
        for p in proposals where known.insert(Key(resident: p.residentID, tier: p.tier.rawValue, route: p.route.rawValue, venue: p.venueID ?? 0)).inserted {
            rows.append([.int(caseID), .int(p.residentID), .text(p.tier.rawValue), .text(p.route.rawValue), SQLValue.int(p.venueID),
                         SQLValue.int(p.viaResidentID), .int(p.exposedAt), .text(status.rawValue), .int(now), SQLValue.text(decidedBy),
                         status == .proposed ? .null : .int(now)])
            added.insert(p.residentID)
        }
        try await session.insert(into: "contact_links", columns: ["case_id", "resident_id", "tier", "route", "venue_id", "via_resident_id", "exposed_at",
                                                                  "status", "created_at", "decided_by", "decided_at"], rows: rows)
        return added
    }
}
