import CordonDomain

/// What a refresh did.
public struct RefreshReport: Sendable, Hashable, Codable {
    public let assessed: Int
    /// Codes whose stored assessment changed (colour, reasons or next change).
    public let rewritten: Int
    /// Codes whose colour changed, each a row in the history.
    public let recoloured: Int
}

enum CodeRefresh {
    /// Assesses every person in `set` from their facts at `now` and stores what changed, in the caller's transaction:
    /// an event that changes facts calls this in the transaction that changes them, so a code never lags its facts.
    @discardableResult
    static func run(_ session: Session, _ set: ResidentSet, now: Int64) async throws -> RefreshReport {
        let preset = PolicyPreset.inForce(on: CivilDate(unixTime: now))
        let facts = try await CodeFacts.gather(session, set, now: now)
        guard !facts.isEmpty else { return RefreshReport(assessed: 0, rewritten: 0, recoloured: 0) }
        let (condition, bind) = set.condition(session)
        var stored: [Int64: (colour: String, reasons: String, changesAt: Int64?, policy: String)] = [:]
        for r in try await session.select("""
            SELECT c.resident_id, c.colour, c.reasons, c.changes_at, c.policy_id FROM health_codes c
            WHERE c.resident_id IN (SELECT r.id FROM residents r WHERE \(condition))
            """, binds: [bind], types: [.int, .text, .text, .int, .text]) {
            stored[r[0].int!] = (r[1].text!, r[2].text!, r[3].int, r[4].text!)
        }
        var rows: [[SQLValue]] = []
        var changes: [[SQLValue]] = []
        for (id, f) in facts {
            let code = HealthCode.assess(f, policy: preset.healthCode, now: now)
            let reasons = StoredCode.encodeReasons(code.reasons)
            let before = stored[id]
            if let before, before.colour == code.colour.rawValue, before.reasons == reasons, before.changesAt == code.changesAt,
               before.policy == preset.id { continue }
            rows.append([.int(id), .text(code.colour.rawValue), .text(reasons), .text(preset.id), .int(now), .int(code.changesAt)])
            if before?.colour != code.colour.rawValue, before != nil || code.colour != .green {
                changes.append([.int(id), .text(before?.colour), .text(code.colour.rawValue), .text(reasons), .int(now)])
            }
        }
        try await session.upsert(into: "health_codes", columns: ["resident_id", "colour", "reasons", "policy_id", "assessed_at", "changes_at"],
                                 key: "resident_id", rows: rows)
        try await session.insert(into: "code_changes", columns: ["resident_id", "from_colour", "to_colour", "reasons", "at"], rows: changes)
        return RefreshReport(assessed: facts.count, rewritten: rows.count, recoloured: changes.count)
    }

    /// A new sample can only make a code milder (an overdue test, an untested medicine purchase), and a green code
    /// that was waiting on the clock is assessed again when its `changes_at` passes. So after sampling only the
    /// sampled people whose stored code is not green are reassessed: a round of a million swabs reassesses a few.
    static func afterSampling(_ session: Session, residents: some Collection<Int64>, now: Int64) async throws {
        guard !residents.isEmpty else { return }
        var strict: [Int64] = []
        for chunk in Array(residents).chunked(10_000) {
            let list = session.list(chunk)
            strict += try await session.select("SELECT resident_id FROM health_codes WHERE colour <> 'green' AND resident_id IN (\(list.sql))",
                                               binds: [list.bind], types: [.int]).compactMap { $0[0].int }
        }
        if !strict.isEmpty { try await run(session, .ids(strict), now: now) }
    }
}
