import CordonDomain
import SQLKit

/// The command centre's picture of one area (the city, or a district, street or community down the tree) at one moment:
/// every figure read with a few set-wide queries, none of them a scan of residents except the code colours of a
/// district or smaller.
public struct Dashboard: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    /// A table of people's rows (`alias.resident_id`) limited to those living under `area`. The database holds one
    /// city, so for the city itself nothing is joined: a join to every resident is what made the city's figures slow.
    static func living(_ table: String, _ alias: String, under area: Area) -> (from: String, condition: String, binds: [SQLValue]) {
        if area.level == .city { return ("\(table) \(alias)", "1 = 1", []) }
        return ("\(table) \(alias) JOIN residents r ON r.id = \(alias).resident_id", "\(area.inside("r"))", [.int(area.id)])
    }

}

/// New cases on one day.
public struct CaseDay: Sendable, Hashable, Codable {
    public let date: CivilDate
    public let confirmed: Int
    public let asymptomatic: Int
}

/// New cases over the dashboard's days in one area one level down (a district of the city, a street of a district).
public struct ChildCases: Sendable, Hashable, Codable {
    public let area: Area
    public let confirmed: Int
    public let asymptomatic: Int
    /// Of the last day alone.
    public let today: Int
}

/// Every figure of the dashboard.
public struct DashboardFigures: Sendable {
    public let area: Area
    public let at: Int64
    /// The days the curve covers, oldest first, the last being today.
    public let curve: [CaseDay]
    public let children: [ChildCases]
    /// Cases of the curve's days by how they were found.
    public let foundBy: [CaseDiscovery: Int]
    /// Of those, the share found among contacts already under management: the sign that tracing keeps up.
    public var underControlShare: Double? {
        let total = foundBy.values.reduce(0, +)
        return total == 0 ? nil : Double(foundBy[.contactManagement] ?? 0) / Double(total)
    }
    /// Open contacts by the last stage done (nil: not yet notified), and how many are past a stage's clock.
    public let ledger: [LedgerStage?: Int]
    public let ledgerOverdue: Int
    public var ledgerOpen: Int { ledger.values.reduce(0, +) }
    public let round: RoundFigures?
    public let capacity: CapacityForecast
    public let occupied: Int
    public let riskAreas: [AreaRisk: Int]
    public let colours: [CodeColour: Int]
    /// The latest weekly estimate, and the series behind it; an estimate's `day` counts from `historyStart`.
    public let reproduction: ReproductionNumber.Estimate?
    public let reproductionSeries: [ReproductionNumber.Estimate]
    public let historyStart: CivilDate
}

/// The current screening round as seen from the area.
public struct RoundFigures: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let residents: Int
    public let sampled: Int
    public let tubesOverdue: Int
    /// Mean hours from sealing to result, over the round's resulted tubes.
    public let hoursToResult: Double?
}

extension Dashboard {
    /// The figures for `area`, which must lie in the actor's jurisdiction, over the last `days` days.
    public func figures(area: Area, actor: Actor, days: Int = 14, now: Int64? = nil) async throws -> DashboardFigures {
        let now = now ?? clock.now()
        try actor.require(.readDashboard)
        guard actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        let preset = database.policies.inForce(at: now, district: area.ancestors[.district])
        let today = CivilDate(unixTime: now)
        // Children may skip levels (a village has no buildings), so each case is matched against every level below.
        let deeper = AreaLevel.allCases.filter { $0 > area.level && $0 != .household }
        // Rt needs several serial intervals of history behind the window.
        let history = max(days, 42)
        let firstDay = today.adding(days: -(history - 1))
        // The figures are independent reads: they run together, each on a connection of its own (a reader on SQLite,
        // a pooled connection on PostgreSQL), so the page waits for the slowest rather than for their sum.
        let scoped = Actor(userID: actor.userID, name: actor.name, role: .commander, jurisdiction: area)
        async let ledgerRead = ledgerFigures(area: area, policy: preset.tracing, now: now)
        async let capacityRead = Quarantine(registry: registry).capacity(actor: scoped, now: now)
        async let riskAreasRead = standingRisk(area: area)
        async let coloursRead = HealthCodes(registry: registry).colourCounts(area: area)
        async let roundRead = roundFigures(area: area, actor: scoped, now: now)
        async let casesRead = database.read { session in
            try await session.select("""
                SELECT k.classification, k.found_by, k.reported_at, r.household_id\(deeper.map { ", r.\($0.rawValue)_id" }.joined())
                FROM cases k JOIN residents r ON r.id = k.resident_id
                WHERE \(area.inside("r")) AND k.reported_at >= ? AND k.reported_at < ? AND k.classification <> 'suspected'
                """, binds: [.int(area.id), .int(firstDay.startUnixTime()), .int(today.adding(days: 1).startUnixTime())],
                types: [.text, .text, .int, .int] + deeper.map { _ in .int })
        }
        // The areas one level down, without counting their residents (for the city that would read every resident).
        async let belowRead = database.read { session in
            try await session.sql.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE parent_id = \(bind: area.id) ORDER BY code").all().map(AreaRow.decode)
        }
        let (cases, below) = try await (casesRead, belowRead)
        let childIDs = Set(below.map(\.id))
        var perDay = [Int: (confirmed: Int, asymptomatic: Int)]()
        var perChild = [Int64: (confirmed: Int, asymptomatic: Int, today: Int)]()
        var foundBy: [CaseDiscovery: Int] = [:]
        let curveStart = today.adding(days: -(days - 1))
        for r in cases {
            let day = CivilDate(unixTime: r[2].int!)
            let confirmed = r[0].text == CaseClassification.confirmed.rawValue
            var d = perDay[day.dayNumber] ?? (0, 0)
            if confirmed { d.confirmed += 1 } else { d.asymptomatic += 1 }
            perDay[day.dayNumber] = d
            guard day >= curveStart else { continue }
            if let found = r[1].text.flatMap(CaseDiscovery.init) { foundBy[found, default: 0] += 1 }
            if let id = r[3...].compactMap(\.int).first(where: childIDs.contains) {
                var c = perChild[id] ?? (0, 0, 0)
                if confirmed { c.confirmed += 1 } else { c.asymptomatic += 1 }
                if day == today { c.today += 1 }
                perChild[id] = c
            }
        }
        let series = (0..<history).map { firstDay.adding(days: $0) }
        let curve = series.suffix(days).map { d in CaseDay(date: d, confirmed: perDay[d.dayNumber]?.confirmed ?? 0, asymptomatic: perDay[d.dayNumber]?.asymptomatic ?? 0) }
        let incidence = series.map { d in (perDay[d.dayNumber]?.confirmed ?? 0) + (perDay[d.dayNumber]?.asymptomatic ?? 0) }
        let w = ReproductionNumber.serialInterval(mean: preset.tracing.serialIntervalMeanDays, sd: preset.tracing.serialIntervalSDDays)
        let rt = ReproductionNumber.estimate(incidence: incidence, serialInterval: w)

        let children = below.map { c in
            let n = perChild[c.id] ?? (0, 0, 0)
            return ChildCases(area: c, confirmed: n.confirmed, asymptomatic: n.asymptomatic, today: n.today)
        }
        let (ledger, overdue) = try await ledgerRead
        let capacity = try await capacityRead
        return DashboardFigures(area: area, at: now, curve: curve, children: children, foundBy: foundBy, ledger: ledger, ledgerOverdue: overdue,
                                round: try await roundRead, capacity: capacity, occupied: capacity.days.first?.occupied ?? 0,
                                riskAreas: try await riskAreasRead, colours: try await coloursRead, reproduction: rt.last, reproductionSeries: rt,
                                historyStart: firstDay)
    }

    /// Standing designations are few: read them all, with the ancestor column of the area's level, and count here.
    func standingRisk(area: Area) async throws -> [AreaRisk: Int] {
        try await database.read { session in
            var out: [AreaRisk: Int] = [:]
            for r in try await session.select("""
                SELECT d.level, \(area.column("a")) FROM risk_areas d JOIN areas a ON a.id = d.area_id WHERE d.ended_at IS NULL
                """, binds: [], types: [.text, .int]) where r[1].int == area.id {
                if let risk = r[0].text.flatMap(AreaRisk.init) { out[risk, default: 0] += 1 }
            }
            return out
        }
    }

    /// Open contacts living in the area by the last stage done, and how many are past a stage's clock.
    func ledgerFigures(area: Area, policy: TracingPolicy, now: Int64) async throws -> ([LedgerStage?: Int], Int) {
        let open = Self.living("contacts", "c", under: area)
        let rows = try await database.read { session in
            try await session.select("""
                SELECT c.confirmed_at, c.notified_at, c.traced_at, c.tested_at, c.controlled_at FROM \(open.from)
                WHERE c.closed_at IS NULL AND \(open.condition)
                """, binds: open.binds, types: [.int, .int, .int, .int, .int])
        }
        var counts: [LedgerStage?: Int] = [:]
        var overdue = 0
        for r in rows {
            var stamps: [LedgerStage: Int64] = [:]
            for (i, stage) in LedgerStage.allCases.enumerated() { if let at = r[1 + i].int { stamps[stage] = at } }
            let clock = LedgerClock(confirmedAt: r[0].int!, stamps: stamps)
            counts[LedgerStage.allCases.last { stamps[$0] != nil }, default: 0] += 1
            if clock.isOverdue(at: now, policy: policy) { overdue += 1 }
        }
        return (counts, overdue)
    }

    /// The latest round that reaches the area: its coverage there, tubes past their limit and the mean time to result.
    func roundFigures(area: Area, actor: Actor, now: Int64) async throws -> RoundFigures? {
        let screening = Screening(registry: registry)
        guard let round = try await screening.rounds(limit: 1).first else { return nil }
        async let coverage = screening.coverage(round: round.id, area: area, actor: actor)
        async let progressRead = screening.progress(round: round.id, now: now)
        async let turnaround = screening.turnaround(round: round.id)
        let rows = try await coverage
        let residents = rows.reduce(0) { $0 + $1.residents }, sampled = rows.reduce(0) { $0 + $1.sampled }
        let progress = try await progressRead
        let labs = try await turnaround.labs
        let tubes = labs.reduce(0) { $0 + $1.tubes }
        let minutes = labs.reduce(0.0) { $0 + Double($1.averageMinutesToResult ?? 0) * Double($1.tubes) }
        return RoundFigures(id: round.id, name: round.name, residents: residents, sampled: sampled, tubesOverdue: progress.overdue,
                            hoursToResult: tubes == 0 ? nil : minutes / Double(tubes) / 60)
    }
}
