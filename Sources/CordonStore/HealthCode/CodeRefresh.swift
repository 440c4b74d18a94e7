import Foundation
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
        let (facts, stored, districts) = try await CodeFacts.gather(session, set, now: now)
        guard !facts.isEmpty else { return RefreshReport(assessed: 0, rewritten: 0, recoloured: 0) }
        let outcomes = await assessAll(facts, stored: stored, policy: PolicyChoice(session.policies.schedule, at: now, districts: districts), now: now)
        let rows = outcomes.filter(\.changed).map(\.row)
        let changes = outcomes.compactMap(\.change)
        // In key order (see `assessAll`), an upsert of every changed row is as fast here as replacing a whole area's
        // rows with a set-wide delete and inserts, and simpler.
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

    /// What one assessment leads to: the row to store (the new one, or the old one unchanged) and a history row if
    /// the colour changed.
    struct Outcome: Sendable {
        let row: [SQLValue]
        let changed: Bool
        let change: [SQLValue]?
    }

    /// Assesses everyone on every core, in key order: the rows then go into the table's B-tree as appends, not as
    /// scattered page splits.
    static func assessAll(_ facts: [Int64: HealthFacts], stored: [Int64: CodeFacts.Stored], policy: PolicyChoice, now: Int64) async -> [Outcome] {
        let ids = facts.keys.sorted()
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let size = max(2_000, (ids.count + cores - 1) / cores)
        let chunks = stride(from: 0, to: ids.count, by: size).map { Array(ids[$0..<min($0 + size, ids.count)]) }
        return await withTaskGroup(of: (Int, [Outcome]).self) { group in
            for (n, chunk) in chunks.enumerated() {
                group.addTask { (n, chunk.map { assess($0, facts[$0]!, before: stored[$0], preset: policy.preset(for: $0), now: now) }) }
            }
            var parts = [[Outcome]](repeating: [], count: chunks.count)
            for await (n, part) in group { parts[n] = part }
            return parts.flatMap { $0 }
        }
    }

    static func assess(_ id: Int64, _ facts: HealthFacts, before: CodeFacts.Stored?, preset: PolicyPreset, now: Int64) -> Outcome {
        let code = HealthCode.assess(facts, policy: preset.healthCode, now: now)
        let reasons = StoredCode.encodeReasons(code.reasons)
        if let before, before == CodeFacts.Stored(colour: code.colour.rawValue, reasons: reasons, changesAt: code.changesAt, policy: preset.id) {
            return Outcome(row: [.int(id), .text(before.colour), .text(before.reasons), .text(before.policy), .int(now), .int(before.changesAt)],
                           changed: false, change: nil)
        }
        let recoloured = before?.colour != code.colour.rawValue && (before != nil || code.colour != .green)
        return Outcome(row: [.int(id), .text(code.colour.rawValue), .text(reasons), .text(preset.id), .int(now), .int(code.changesAt)], changed: true,
                       change: recoloured ? [.int(id), .text(before?.colour), .text(code.colour.rawValue), .text(reasons), .int(now)] : nil)
    }
}


/// The preset each person is assessed under: the city's, or their district's where a decision covers only it.
struct PolicyChoice: Sendable {
    let city: PolicyPreset
    let byDistrict: [Int64: PolicyPreset]
    let districts: [Int64: Int64]

    init(_ schedule: PolicySchedule, at now: Int64, districts: [Int64: Int64]) {
        city = schedule.inForce(at: now)
        byDistrict = schedule.districtPresets(at: now)
        self.districts = byDistrict.isEmpty ? [:] : districts
    }

    func preset(for resident: Int64) -> PolicyPreset {
        guard !byDistrict.isEmpty, let district = districts[resident] else { return city }
        return byDistrict[district] ?? city
    }
}
