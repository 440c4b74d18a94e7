import CordonDomain
import SQLKit

/// The numbers of a day's bulletin (通报) for an area, read from the data as of the end of that day (24:00).
public struct BulletinFigures: Sendable, Hashable {
    public struct Part: Sendable, Hashable {
        public let name: String
        public let confirmed: Int
        public let asymptomatic: Int
    }

    public struct Change: Sendable, Hashable {
        public let name: String
        public let level: AreaRisk
    }

    public let area: Area
    public let date: CivilDate
    public let newConfirmed: Int
    public let newAsymptomatic: Int
    /// The day's new cases by area one level down, those with any.
    public let parts: [Part]
    /// The day's new cases found among people already under management, by screening, and otherwise.
    public let foundUnderControl: Int
    public let foundByScreening: Int
    public let foundOtherwise: Int
    public let totalConfirmed: Int
    public let totalAsymptomatic: Int
    /// Cases still open at 24:00.
    public let underTreatment: Int
    public let contactsTraced: Int
    /// People under a quarantine or monitoring measure at 24:00.
    public let underMeasure: Int
    public let sampled: Int
    public let positiveTubes: Int
    /// Areas newly designated on the day, and designations that ended (stepped down or lifted).
    public let designated: [Change]
    public let ended: [Change]
    public let standing: [AreaRisk: Int]
}

extension Dashboard {
    /// The bulletin's figures for `date` in `area` (inside the actor's jurisdiction).
    public func bulletin(date: CivilDate, area: Area, actor: Actor) async throws -> BulletinFigures {
        try actor.require(.readDashboard)
        guard actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        let start = date.startUnixTime(), end = date.adding(days: 1).startUnixTime()
        let deeper = AreaLevel.allCases.filter { $0 > area.level && $0 != .household }
        return try await database.read { session in
            let children = try await session.sql.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE parent_id = \(bind: area.id) ORDER BY code")
                .all().map(AreaRow.decode)
            let childIDs = Set(children.map(\.id))
            var newConfirmed = 0, newAsymptomatic = 0, underControl = 0, screening = 0, otherwise = 0
            var parts: [Int64: (Int, Int)] = [:]
            for r in try await session.select("""
                SELECT k.classification, k.found_by, r.household_id\(deeper.map { ", r.\($0.rawValue)_id" }.joined()) FROM cases k
                JOIN residents r ON r.id = k.resident_id
                WHERE \(area.inside("r")) AND k.reported_at >= ? AND k.reported_at < ? AND k.classification <> 'suspected'
                """, binds: [.int(area.id), .int(start), .int(end)], types: [.text, .text] + ([.int] + deeper.map { _ in .int })) {
                let confirmed = r[0].text == CaseClassification.confirmed.rawValue
                if confirmed { newConfirmed += 1 } else { newAsymptomatic += 1 }
                switch r[1].text.flatMap(CaseDiscovery.init) {
                case .contactManagement: underControl += 1
                case .screening: screening += 1
                default: otherwise += 1
                }
                if let child = r[2...].compactMap(\.int).first(where: childIDs.contains) {
                    var p = parts[child] ?? (0, 0)
                    if confirmed { p.0 += 1 } else { p.1 += 1 }
                    parts[child] = p
                }
            }
            let totals = try await session.select("""
                SELECT SUM(CASE WHEN k.classification = 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN k.classification = 'asymptomatic' THEN 1 ELSE 0 END),
                       SUM(CASE WHEN k.classification <> 'suspected' AND (k.closed_at IS NULL OR k.closed_at >= ?) THEN 1 ELSE 0 END)
                FROM cases k JOIN residents r ON r.id = k.resident_id WHERE \(area.inside("r")) AND k.reported_at < ?
                """, binds: [.int(end), .int(area.id), .int(end)], types: [.int, .int, .int]).first
            let traced = Self.living("contacts", "c", under: area)
            let contacts = try await session.select("""
                SELECT COUNT(*) FROM \(traced.from) WHERE \(traced.condition) AND c.confirmed_at < ?
                """, binds: traced.binds + [.int(end)], types: [.int]).first?[0].int ?? 0
            let placed = Self.living("quarantine_assignments", "q", under: area)
            let measured = try await session.select("""
                SELECT COUNT(*) FROM \(placed.from) WHERE \(placed.condition) AND q.starts_at < ? AND (q.ended_at IS NULL OR q.ended_at >= ?)
                """, binds: placed.binds + [.int(end), .int(end)], types: [.int]).first?[0].int ?? 0
            let swabs = Self.living("tube_members", "m", under: area)
            let sampled = try await session.select("""
                SELECT COUNT(*), COUNT(DISTINCT CASE WHEN t.result = 'positive' THEN t.id END) FROM \(swabs.from) JOIN tubes t ON t.id = m.tube_id
                WHERE m.sampled_at >= ? AND m.sampled_at < ? AND \(swabs.condition)
                """, binds: [.int(start), .int(end)] + swabs.binds, types: [.int, .int]).first
            func changes(_ condition: String) async throws -> [BulletinFigures.Change] {
                try await session.select("""
                    SELECT a.name, d.level FROM risk_areas d JOIN areas a ON a.id = d.area_id WHERE \(area.inside("a")) AND \(condition) ORDER BY a.code
                    """, binds: [.int(area.id), .int(start), .int(end)], types: [.text, .text]).compactMap { r in
                    r[1].text.flatMap(AreaRisk.init).map { BulletinFigures.Change(name: r[0].text!, level: $0) }
                }
            }
            // New designations of the day (a step-down opens a new row too, which is not news of a new area).
            let designated = try await changes("d.stepped_down = 0 AND d.since >= ? AND d.since < ?")
            let ended = try await changes("d.ended_at >= ? AND d.ended_at < ?")
            var standing: [AreaRisk: Int] = [:]
            for r in try await session.select("""
                SELECT d.level, COUNT(*) FROM risk_areas d JOIN areas a ON a.id = d.area_id
                WHERE \(area.inside("a")) AND d.since < ? AND (d.ended_at IS NULL OR d.ended_at >= ?) GROUP BY d.level
                """, binds: [.int(area.id), .int(end), .int(end)], types: [.text, .int]) {
                if let risk = r[0].text.flatMap(AreaRisk.init) { standing[risk] = Int(r[1].int!) }
            }
            return BulletinFigures(
                area: area, date: date, newConfirmed: newConfirmed, newAsymptomatic: newAsymptomatic,
                parts: children.compactMap { c in parts[c.id].map { BulletinFigures.Part(name: c.name, confirmed: $0.0, asymptomatic: $0.1) } },
                foundUnderControl: underControl, foundByScreening: screening, foundOtherwise: otherwise,
                totalConfirmed: Int(totals?[0].int ?? 0), totalAsymptomatic: Int(totals?[1].int ?? 0), underTreatment: Int(totals?[2].int ?? 0),
                contactsTraced: Int(contacts), underMeasure: Int(measured), sampled: Int(sampled?[0].int ?? 0), positiveTubes: Int(sampled?[1].int ?? 0),
                designated: designated, ended: ended, standing: standing)
        }
    }
}
