import CordonDomain
import CordonStore

/// Containment as a district works it, through the same calls the API makes: the origins list; two quarantine sites
/// that fill up with the ledger's contacts (more contacts than rooms, so the forecast shows the shortfall); people
/// placed nine days ago who tested negative on every scheduled day and are released (one early, with a reason);
/// daily checks with one fever; a building designated eight days ago that the clock has stepped down, and the first
/// case's building designated today; and arrivals, some from high-risk places and so under home quarantine.
public struct ContainmentSimulator: Sendable {
    public let registry: Registry

    public init(registry: Registry) { self.registry = registry }

    public struct Summary: Sendable, Hashable {
        public var sites = 0
        public var placed = 0
        public var released = 0
        public var waiting = 0
        public var designations = 0
        public var steppedDown = 0
        public var arrivals = 0
    }

    /// `city` is an operator acting for the whole city; `district` is where the sites stand; `grid` is the grid whose
    /// residents report arrivals.
    public func run(city: Actor, district: Area, grid: Actor, now: Int64 = UnixTime.now()) async throws -> Summary {
        var summary = Summary()
        let day: Int64 = 86_400
        let quarantine = Quarantine(registry: registry)
        let areas = RiskAreas(registry: registry)
        let arrivals = Arrivals(registry: registry)
        try await arrivals.importOrigins(csv: Array(SampleOrigins.csv.utf8), actor: city, now: now - 10 * day)

        let code = String(district.code.filter { $0.isLetter || $0.isNumber }.uppercased().prefix(10))
        for (n, (name, floors, rooms)) in [("金城宾馆", 2, 10), ("黄河之滨酒店", 1, 12)].enumerated() {
            try await quarantine.createSite(NewQuarantineSite(code: "QS\(code)\(n + 1)", name: name, areaCode: district.code, address: "\(district.name)\(name)",
                                                              floors: floors, roomsPerFloor: rooms, doubleRoomsPerFloor: 2), actor: city, now: now - 12 * day)
            summary.sites += 1
        }
        let samplingSite = try await registry.database.read { session in
            try await session.select("SELECT sampling_site_id FROM quarantine_sites ORDER BY id LIMIT 1", binds: [], types: [.int]).first?[0].int
        }

        // Eight people placed nine days ago: tests on every scheduled day came back negative, so six are released now,
        // one was released early (found not to be a contact), and one still waits for staff to release them.
        let earlier = try await freePeople(in: district, count: 8)
        var finished: [Int64] = []
        for person in earlier {
            let id = try await quarantine.assign(residentID: person, tier: .closeContact, actor: city, now: now - 9 * day)
            if let samplingSite {
                let tests = try await quarantine.tests(assignmentID: id, actor: city)
                try await negatives(person, at: tests.map { $0.dueFrom + 3 * 3_600 }, site: samplingSite)
            }
            finished.append(id)
        }
        try await quarantine.advance(now: now - day)
        for id in finished.prefix(6) { try await quarantine.release(id, actor: city, now: now - 3_600) }
        if finished.count > 6 { try await quarantine.releaseEarly(finished[6], reason: "复核排除密接（演示）", actor: city, now: now - 5 * day) }
        summary.released = min(finished.count, 7)

        // The ledger's contacts go to the nearest sites with space, twenty hours ago; there are more than rooms.
        let report = try await quarantine.allocate(actor: city, now: now - 20 * 3_600)
        summary.placed = report.placed + report.atHome
        summary.waiting = report.unplaced.count
        for (n, assignment) in try await quarantine.assignments(actor: city, active: true, limit: 30).enumerated() {
            let fever = n == 3
            try await quarantine.recordCheck(assignmentID: assignment.id,
                                             try MonitoringCheck(temperatureTenths: fever ? 381 : 364 + n % 5, symptoms: fever ? [.cough] : []),
                                             actor: city, now: now - 2 * 3_600)
        }

        // A building designated eight days ago with no case since: the clock steps it down. The first case's building
        // is designated today.
        let buildings = try await registry.database.read { session in
            try await session.select("""
                SELECT r.building_id, (SELECT k.id FROM cases k JOIN residents x ON x.id = k.resident_id WHERE x.building_id = r.building_id LIMIT 1)
                FROM residents r WHERE r.district_id = ? AND r.building_id IS NOT NULL GROUP BY r.building_id ORDER BY MIN(r.id) LIMIT 40
                """, binds: [.int(district.id)], types: [.int, .int])
        }
        if let quiet = buildings.first(where: { $0[1].int == nil })?[0].int, let area = try await registry.database.area(id: quiet) {
            try await areas.designate(areaCodes: [area.code], level: .high, reason: "病例居住（演示，8天前）", actor: city, now: now - 8 * day)
            summary.designations += 1
            summary.steppedDown = try await areas.advance(now: now)
        }
        let caseBuilding = try await registry.database.read { session in
            try await session.select("""
                SELECT r.building_id, k.id FROM cases k JOIN residents r ON r.id = k.resident_id WHERE k.closed_at IS NULL AND r.building_id IS NOT NULL
                ORDER BY k.reported_at LIMIT 1
                """, binds: [], types: [.int, .int]).first
        }
        if let row = caseBuilding, let building = row[0].int, let area = try await registry.database.area(id: building) {
            try await areas.designate(areaCodes: [area.code], level: .high, reason: "确诊病例居住楼栋", caseIDs: [row[1].int!], actor: city, now: now - 3_600)
            summary.designations += 1
        }

        // Arrivals in the grid: three from high-risk places (seven days at home), the rest from places at no risk.
        let origins = ["110105", "440106", "410105", "610112", "620502", "440305", "510107", "310101", "622901", "630104"]
        for (n, person) in try await freePeople(in: grid.jurisdiction, count: origins.count).enumerated() {
            let arrived = CivilDate(unixTime: now - Int64(n % 4) * day)
            let transport: Transport = [.train, .plane, .car, .coach][n % 4]
            let filed = ArrivalReport.validate(originCode: origins[n], transport: transport.rawValue, tripNumber: transport == .car ? "甘A\(10_000 + n)" : "D\(2_700 + n)",
                                               arrivedOn: arrived.description, address: "", today: CivilDate(unixTime: now))
            guard case .success(let r) = filed else { continue }
            try await arrivals.report(r, residentID: person, actor: grid, now: now - Int64(n % 4) * day + 3_600)
            summary.arrivals += 1
        }
        return summary
    }

    /// Residents of `area` under no measure, neither case nor contact: people the demo may place or send travelling.
    func freePeople(in area: Area, count: Int) async throws -> [Int64] {
        try await registry.database.read { session in
            try await session.select("""
                SELECT r.id FROM residents r WHERE r.\(area.level.rawValue)_id = ?
                AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM cases k WHERE k.resident_id = r.id)
                AND NOT EXISTS (SELECT 1 FROM quarantine_assignments q WHERE q.resident_id = r.id) AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.resident_id = r.id)
                ORDER BY r.id LIMIT \(count) OFFSET 20
                """, binds: [.int(area.id)], types: [.int]).compactMap { $0[0].int }
        }
    }

    /// Negative single tubes for `person` sampled at `moments` at the site's desk, resulted as a lab would leave them.
    func negatives(_ person: Int64, at moments: [Int64], site: Int64) async throws {
        try await registry.database.write { session in
            for moment in moments {
                let tube = try await session.execute("""
                    INSERT INTO tubes (barcode, site_id, capacity, purpose, status, members, opened_at, closed_at, received_at, result, tested_at, released_at)
                    VALUES (?, ?, 1, 'screening', 'resulted', 1, ?, ?, ?, 'negative', ?, ?) RETURNING id
                    """, binds: [.text("QD\(person)T\(moment)"), .int(site), .int(moment), .int(moment), .int(moment + 7_200), .int(moment + 14_400),
                                 .int(moment + 14_400)], returning: [.int]).first![0].int!
                try await session.insert(into: "tube_members", columns: ["tube_id", "resident_id", "sampled_at"],
                                         rows: [[.int(tube), .int(person), .int(moment)]])
            }
        }
    }
}
