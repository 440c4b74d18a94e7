import CordonDomain

/// One confirmed contact in the ledger, with the cases that found them and their clock.
public struct LedgerEntry: Sendable, Hashable, Codable {
    public let contactID: Int64
    public let residentID: Int64
    public let name: String
    public let phoneMasked: String?
    public let address: String
    public let communityID: Int64?
    public let tier: ContactTier
    public let exposedAt: Int64
    public let clock: LedgerClock
    public let caseIDs: [Int64]
    public let next: LedgerStage?
    public let dueAt: Int64?
    public let overdue: Bool
}

/// Overdue contacts per community, for the officers above them.
public struct OverdueCount: Sendable, Hashable, Codable {
    public let areaID: Int64
    public let areaName: String
    public let open: Int
    public let overdue: Int
}

extension Tracing {
    public enum LedgerFilter: String, Sendable, CaseIterable {
        case open
        case overdue
        case all
    }

    /// Confirmed contacts living in the actor's jurisdiction (so a community's grid workers see the contacts pushed
    /// to them), longest waiting first.
    public func ledger(actor: Actor, filter: LedgerFilter = .open, limit: Int = 2_000, now: Int64? = nil) async throws -> [LedgerEntry] {
        let now = now ?? clock.now()
        try actor.require(.readCases)
        let scope = actor.jurisdiction
        let policy = policy(at: now)
        return try await database.read { session in
            let rows = try await session.select("""
                SELECT c.id, c.resident_id, r.name, r.phone_masked, r.address, r.community_id, c.tier, c.exposed_at, c.confirmed_at,
                       c.notified_at, c.traced_at, c.tested_at, c.controlled_at
                FROM contacts c JOIN residents r ON r.id = c.resident_id
                WHERE c.closed_at IS NULL AND \(scope.inside("r")) \(filter == .all ? "" : "AND c.controlled_at IS NULL")
                ORDER BY c.confirmed_at, c.id LIMIT \(max(1, min(limit, 50_000)))
                """, binds: [.int(scope.id)], types: [.int, .int, .text, .text, .text, .int, .text, .int, .int, .int, .int, .int, .int])
            var cases: [Int64: [Int64]] = [:]
            let residents = rows.compactMap { $0[1].int }
            if !residents.isEmpty {
                let list = session.list(residents)
                for r in try await session.select("""
                    SELECT DISTINCT resident_id, case_id FROM contact_links WHERE status = 'confirmed' AND resident_id IN (\(list.sql))
                    ORDER BY 1, 2
                    """, binds: [list.bind], types: [.int, .int]) {
                    cases[r[0].int!, default: []].append(r[1].int!)
                }
            }
            return rows.compactMap { r -> LedgerEntry? in
                var stamps: [LedgerStage: Int64] = [:]
                for (i, stage) in LedgerStage.allCases.enumerated() { stamps[stage] = r[9 + i].int }
                let clock = LedgerClock(confirmedAt: r[8].int!, stamps: stamps)
                let overdue = clock.isOverdue(at: now, policy: policy)
                if filter == .overdue, !overdue { return nil }
                return LedgerEntry(contactID: r[0].int!, residentID: r[1].int!, name: r[2].text!, phoneMasked: r[3].text, address: r[4].text ?? "",
                                   communityID: r[5].int, tier: r[6].text.flatMap(ContactTier.init) ?? .close, exposedAt: r[7].int!, clock: clock,
                                   caseIDs: cases[r[1].int!] ?? [], next: clock.next, dueAt: clock.next.flatMap { clock.due($0, policy: policy) },
                                   overdue: overdue)
            }
        }
    }

    /// Records a ledger step for a contact in the actor's jurisdiction, in order and with a time not in the future.
    public func record(contactID: Int64, stage: LedgerStage, at: Int64? = nil, note: String = "", actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.keepLedger)
        let scope = actor.jurisdiction
        try await database.write { session in
            guard let r = try await session.select("""
                SELECT c.resident_id, c.confirmed_at, c.notified_at, c.traced_at, c.tested_at, c.controlled_at FROM contacts c
                JOIN residents r ON r.id = c.resident_id WHERE c.id = ? AND c.closed_at IS NULL AND \(scope.inside("r"))
                """, binds: [.int(contactID), .int(scope.id)], types: [.int, .int, .int, .int, .int, .int]).first
            else { throw StoreError(.notFound, "no such contact") }
            var stamps: [LedgerStage: Int64] = [:]
            for (i, s) in LedgerStage.allCases.enumerated() { stamps[s] = r[2 + i].int }
            _ = try LedgerClock(confirmedAt: r[1].int!, stamps: stamps).recording(stage, at: at ?? now, now: now)
            try await session.execute("UPDATE contacts SET \(stage.rawValue)_at = ? WHERE id = ?", binds: [.int(at ?? now), .int(contactID)])
            try await Journal.append(session, actor: actor, action: "contact.\(stage.rawValue)", subjectType: "resident",
                                     subjectID: "\(r[0].int!)", reason: note.trimmingSpaces().isEmpty ? "follow-up" : note.trimmingSpaces(),
                                     detail: "contact \(contactID)")
        }
    }

    /// Open and overdue contacts per community under the actor's jurisdiction.
    public func overdueByCommunity(actor: Actor, now: Int64? = nil) async throws -> [OverdueCount] {
        let now = now ?? clock.now()
        let entries = try await ledger(actor: actor, filter: .open, limit: 50_000, now: now)
        var counts: [Int64: (open: Int, overdue: Int)] = [:]
        for e in entries { counts[e.communityID ?? 0, default: (0, 0)].open += 1; if e.overdue { counts[e.communityID ?? 0]!.overdue += 1 } }
        var result: [OverdueCount] = []
        for (id, c) in counts {
            let name = try await database.area(id: id)?.name ?? "—"
            result.append(OverdueCount(areaID: id, areaName: name, open: c.open, overdue: c.overdue))
        }
        return result.sorted { ($1.overdue, $0.areaName) < ($0.overdue, $1.areaName) }
    }
}

extension Tracing {
    /// The ledger as CSV, for the command line and the download: one row per contact with every stage's time.
    public func ledgerCSV(actor: Actor, filter: LedgerFilter, now: Int64? = nil) async throws -> String {
        let now = now ?? clock.now()
        let entries = try await ledger(actor: actor, filter: filter, limit: 50_000, now: now)
        var lines = [CSVWriter.line(["contact_id", "name", "phone", "address", "tier", "cases", "exposed_at", "confirmed_at"]
                                    + LedgerStage.allCases.map { "\($0.rawValue)_at" } + ["next_stage", "due_at", "overdue"])]
        for e in entries {
            lines.append(CSVWriter.line([String(e.contactID), e.name, e.phoneMasked ?? "", e.address, e.tier.rawValue,
                                         e.caseIDs.map(String.init).joined(separator: ";"), LocalTime.text(e.exposedAt), LocalTime.text(e.clock.confirmedAt)]
                                        + LedgerStage.allCases.map { e.clock.stamps[$0].map(LocalTime.text) ?? "" }
                                        + [e.next?.rawValue ?? "", e.dueAt.map(LocalTime.text) ?? "", e.overdue ? "yes" : "no"]))
        }
        return lines.joined()
    }
}
