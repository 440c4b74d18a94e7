import CordonDomain
import CordonStore
import SQLKit

/// What to generate.
public struct CityOptions: Sendable {
    public var residents: Int
    public var seed: UInt64
    public var days: Int
    /// The last day of visits; the city's "today".
    public var today: CivilDate

    public init(residents: Int, seed: UInt64, days: Int = 14, today: CivilDate) {
        self.residents = residents
        self.seed = seed
        self.days = days
        self.today = today
    }
}

/// What was written.
public struct CitySummary: Sendable, Hashable {
    public var areas = 0
    public var residents = 0
    public var venues = 0
    /// Community sampling sites; each district adds a fever clinic and a quarantine-site desk beside them.
    public var samplingSites = 0
    public var visits = 0
}

/// Writes a synthetic city into an empty registry: the tree, residents, venues, sampling sites in one transaction,
/// then the venue visits day by day. The finished marker is written last, so a city cut short by a crash is
/// recognisably incomplete.
public struct CityGenerator: Sendable {
    public let registry: Registry

    public init(registry: Registry) { self.registry = registry }

    public func generate(_ options: CityOptions, actor: Actor, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> CitySummary {
        guard options.residents >= 1, options.residents <= 50_000_000 else { throw StoreError(.invalid, "residents must be between 1 and 50,000,000") }
        let database = registry.database
        // In a write: on PostgreSQL the id lookup takes a table lock, which only a transaction can hold.
        let start = try await database.write { session in
            (area: try await session.nextID(of: "areas"), venue: try await session.nextID(of: "venues"),
             site: try await session.nextID(of: "sampling_sites"), resident: try await session.nextID(of: "residents"))
        }
        guard start.area == 1 else { throw StoreError(.conflict, "the database already holds areas; generate a city into an empty one") }
        let plan = CityPlanner(residents: options.residents, seed: options.seed, today: options.today, firstAreaID: start.area,
                               firstVenueID: start.venue, firstSiteID: start.site).plan()
        progress("planned \(plan.areas.count) areas, \(plan.residents.count) residents, \(plan.venues.count) venues")

        let registry = self.registry
        let sealed = try await registry.sealAll(plan.residents.map(\.resident))
        var summary = CitySummary(areas: plan.areas.count, residents: plan.residents.count, venues: plan.venues.count,
                                  samplingSites: plan.sites.filter { $0.kind == .community }.count)
        let names = Dictionary(uniqueKeysWithValues: plan.areas.map { ($0.id, $0.name) })
        let areasByID = Dictionary(uniqueKeysWithValues: plan.areas.map { ($0.id, $0) })
        try await database.write { session in
            // The city's people were registered well before today, so a round opened in the demo's past reaches them.
            let now = Int64(options.today.adding(days: -30).dayNumber) * 86_400
            try await session.insert(into: "areas", columns: Database.areaInsertColumns,
                                     rows: plan.areas.map { Database.areaValues($0, createdAt: now) })
            var rows: [[SQLValue]] = []
            rows.reserveCapacity(50_000)
            var address = (household: Int64(-1), text: "")
            for (i, entry) in plan.residents.enumerated() {
                let household = areasByID[Int64(entry.household)]!
                // Residents arrive household by household, so one address serves the whole family.
                if address.household != household.id { address = (household.id, Registry.address(of: household, names: names)) }
                rows.append([.int(start.resident + Int64(i))]
                            + Registry.row(entry.resident, sealed: sealed[i], household: household, address: address.text, createdAt: now))
                if rows.count == 50_000 {
                    try await session.insert(into: "residents", columns: ["id"] + Registry.insertColumns, rows: rows)
                    rows.removeAll(keepingCapacity: true)
                }
            }
            try await session.insert(into: "residents", columns: ["id"] + Registry.insertColumns, rows: rows)
            try await session.insert(into: "venues", columns: ["id", "code", "name", "category", "area_id", "created_at"],
                                     rows: plan.venues.map { [.int($0.id), .text($0.code), .text($0.name), .text($0.category.rawValue), .int($0.area.id), .int(now)] })
            try await session.insert(into: "sampling_sites",
                                     columns: ["id", "code", "name", "kind", "area_id", "desks", "daily_capacity", "opens_minute", "closes_minute", "created_at"],
                                     rows: plan.sites.map { [.int($0.id), .text($0.code), .text($0.name), .text($0.kind.rawValue), .int($0.area.id),
                                                             .int(Int64($0.desks)), .int(Int64($0.capacity)), .int(Int64($0.hours.opens)),
                                                             .int(Int64($0.hours.closes)), .int(now)] })
            for table in ["areas", "residents", "venues", "sampling_sites"] { try await session.syncIdentity(of: table) }
            try await Journal.append(session, actor: actor, action: "city.generate", subjectType: "city", subjectID: Lanzhou.cityCode,
                                     reason: "synthetic city, seed \(options.seed)", detail: "\(plan.residents.count) residents")
        }
        progress("wrote areas, residents, venues and sampling sites")

        let visits = VisitPlanner(plan: plan, seed: options.seed, firstResidentID: start.resident)
        for day in 0..<options.days {
            let date = options.today.adding(days: day - options.days + 1)
            let count = try await database.write { session in
                var count = 0
                var pending: [[SQLValue]] = []
                pending.reserveCapacity(60_000)
                var chunk = 0
                while let rows = visits.visits(on: date, chunk: chunk) {
                    pending.append(contentsOf: rows)
                    chunk += 1
                    if pending.count >= 50_000 {
                        try await session.insert(into: "venue_visits", columns: VisitPlanner.columns, rows: pending)
                        count += pending.count
                        pending.removeAll(keepingCapacity: true)
                    }
                }
                try await session.insert(into: "venue_visits", columns: VisitPlanner.columns, rows: pending)
                return count + pending.count
            }
            summary.visits += count
            progress("visits for \(date): \(count)")
        }
        try await database.write { session in
            try await session.sql.raw("DELETE FROM settings WHERE key = 'city.generated'").run()
            try await session.sql.raw("INSERT INTO settings (key, value) VALUES ('city.generated', \(bind: "seed=\(options.seed) residents=\(options.residents)"))").run()
        }
        try await database.checkpoint()
        return summary
    }

    /// Whether a generated city finished writing.
    public static func isComplete(_ database: Database) async throws -> Bool {
        try await database.read { session in
            try await session.sql.raw("SELECT value FROM settings WHERE key = 'city.generated'").first() != nil
        }
    }
}
