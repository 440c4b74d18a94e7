import CordonDomain
import SQLKit

/// One line of a lab's upload.
public struct ResultRow: Sendable, Hashable, Codable {
    public let barcode: String
    public let result: String
    /// Cycle threshold values as the instrument printed them, e.g. "32.5".
    public let ct: String?
    /// When the test ran, Unix seconds.
    public let testedAt: Int64

    public init(barcode: String, result: String, ct: String? = nil, testedAt: Int64) {
        self.barcode = barcode
        self.result = result
        self.ct = ct
        self.testedAt = testedAt
    }
}

/// What an upload did.
public struct UploadReport: Sendable, Hashable, Codable {
    /// Tubes resulted by this upload.
    public let recorded: Int
    /// Tubes that already had exactly this result: an upload sent twice changes nothing.
    public let unchanged: Int
    /// Orders the results set off: temporary control, retests, resamples, case candidates.
    public let orders: Int

    public init(recorded: Int, unchanged: Int, orders: Int) {
        self.recorded = recorded
        self.unchanged = unchanged
        self.orders = orders
    }
}

extension Screening {
    /// Records a lab's results, all or nothing, and in the same transaction sets off what each result requires.
    /// The lab sees barcodes only; members are looked up here and never returned.
    public func uploadResults(_ rows: [ResultRow], actor: Actor) async throws -> UploadReport {
        try actor.require(.uploadResults)
        return try await database.write { session in
            var issues: [ScreeningIssue] = []
            var fresh: [(id: Int64, barcode: String, capacity: Int, result: TestResult, row: ResultRow)] = []
            var unchanged = 0
            var seen: [String: String] = [:]
            let tubes = try await Self.tubesByBarcode(session, Set(rows.compactMap { try? Barcode.validate($0.barcode) }))
            for (i, row) in rows.enumerated() {
                let n = i + 1
                guard let barcode = try? Barcode.validate(row.barcode) else {
                    issues.append(ScreeningIssue(row: n, barcode: row.barcode, .malformedBarcode))
                    continue
                }
                guard let result = TestResult(rawValue: row.result.trimmingSpaces().lowercased()) else {
                    issues.append(ScreeningIssue(row: n, barcode: barcode, .badResult))
                    continue
                }
                if let earlier = seen[barcode] {
                    if earlier != result.rawValue { issues.append(ScreeningIssue(row: n, barcode: barcode, .conflictingResult)) }
                    continue
                }
                seen[barcode] = result.rawValue
                guard let tube = tubes[barcode] else {
                    issues.append(ScreeningIssue(row: n, barcode: barcode, .unknownTube))
                    continue
                }
                guard tube.receivedAt != nil, actor.isOperator || tube.labID == actor.labID else {
                    issues.append(ScreeningIssue(row: n, barcode: barcode, .notReceivedByLab))
                    continue
                }
                if let existing = tube.result {
                    if existing == result.rawValue { unchanged += 1 } else { issues.append(ScreeningIssue(row: n, barcode: barcode, .conflictingResult)) }
                    continue
                }
                guard row.testedAt >= (tube.closedAt ?? .max) else {
                    issues.append(ScreeningIssue(row: n, barcode: barcode, .resultBeforeCollection))
                    continue
                }
                fresh.append((tube.id, barcode, tube.capacity, result, row))
            }
            guard issues.isEmpty else { throw ScreeningFailure(issues) }
            let now = clock.now()
            // One statement per (result, Ct, test time): a plate of 96 wells shares its time, so an upload is a few statements.
            let groups = Dictionary(grouping: fresh) { "\($0.result.rawValue)|\($0.row.ct ?? "")|\($0.row.testedAt)" }
            for group in groups.values {
                let first = group[0]
                let ids = session.list(group.map(\.id))
                try await session.execute("""
                    UPDATE tubes SET status = 'resulted', result = ?, ct = ?, tested_at = ?, released_at = ? WHERE id IN (\(ids.sql)) RETURNING id
                    """, binds: [.text(first.result.rawValue), .text(first.row.ct), .int(first.row.testedAt), .int(now), ids.bind], returning: [.int])
            }
            let orders = try await Self.reflex(session, fresh.map { ($0.id, $0.capacity, $0.result) }, now: now)
            try await Journal.append(session, actor: actor, action: "results.upload", subjectType: "lab", subjectID: "\(actor.labID ?? 0)",
                                     reason: "\(fresh.count) results", detail: "\(orders) orders, \(unchanged) unchanged")
            return UploadReport(recorded: fresh.count, unchanged: unchanged, orders: orders)
        }
    }

    struct StoredTube {
        let id: Int64
        let capacity: Int
        let labID: Int64?
        let closedAt: Int64?
        let receivedAt: Int64?
        let result: String?
    }

    static func tubesByBarcode(_ session: Session, _ barcodes: Set<String>) async throws -> [String: StoredTube] {
        var found: [String: StoredTube] = [:]
        let list = session.list(barcodes)
        let rows = try await session.select("""
            SELECT id, barcode, capacity, lab_id, closed_at, received_at, result FROM tubes WHERE barcode IN (\(list.sql))
            """, binds: [list.bind], types: [.int, .text, .int, .int, .int, .int, .text])
        for r in rows {
            found[r[1].text!] = StoredTube(id: r[0].int!, capacity: Int(r[2].int!), labID: r[3].int, closedAt: r[4].int,
                                            receivedAt: r[5].int, result: r[6].text)
        }
        return found
    }

    /// The reflex: a positive pool puts every member under temporary control with a single-tube retest order, a
    /// positive single tube makes a case candidate, an invalid result orders a resample. A negative result sampled
    /// after an order was given closes its member's resample order, and a negative single tube also lifts their
    /// temporary control and retest. Case candidates stay open for the epidemiologists.
    /// The people whose orders opened or closed have their health codes reassessed in the same transaction.
    static func reflex(_ session: Session, _ tubes: [(id: Int64, capacity: Int, result: TestResult)], now: Int64) async throws -> Int {
        var touched = try await closeOrders(session, negatives: Dictionary(uniqueKeysWithValues: tubes.filter { $0.result == .negative }.map { ($0.id, $0.capacity) }),
                                            now: now)
        var orders: [[SQLValue]] = []
        var positives = Set<Int64>()
        for tube in tubes where tube.result != .negative {
            let members = try await session.select("SELECT resident_id FROM tube_members WHERE tube_id = ?", binds: [.int(tube.id)], types: [.int])
                .compactMap { $0[0].int }
            if tube.result == .positive { positives.formUnion(members) }
            for member in members {
                touched.insert(member)
                for action in Reflex.actions(result: tube.result, capacity: tube.capacity) {
                    orders.append([.int(member), .text(action.rawValue), .int(tube.id), .int(now)])
                }
            }
        }
        try await session.insert(into: "screening_orders", columns: ["resident_id", "action", "tube_id", "created_at"], rows: orders)
        // A positive among people under a measure is the site's to act on at once.
        try await Quarantine.raisePositives(session, residents: positives, detail: "positive result", now: now)
        if !touched.isEmpty { try await CodeRefresh.run(session, .ids(Array(touched)), now: now) }
        return orders.count
    }

    /// Negative tubes are most of an upload and open orders are few, so this starts from the open orders and looks
    /// for their people's samples among `negatives` (tube id → capacity). Returns the people whose orders closed.
    private static func closeOrders(_ session: Session, negatives: [Int64: Int], now: Int64) async throws -> Set<Int64> {
        guard !negatives.isEmpty else { return [] }
        let open = try await session.select("""
            SELECT id, resident_id, action, created_at FROM screening_orders WHERE closed_at IS NULL AND action <> 'case_candidate'
            """, binds: [], types: [.int, .int, .text, .int])
        guard !open.isEmpty else { return [] }
        // Per person, the latest sampling time of a negative pool and of a negative single tube in this upload.
        var latest: [Int64: (pool: Int64, single: Int64)] = [:]
        for chunk in Array(Set(open.compactMap { $0[1].int })).chunked(500) {
            for r in try await session.select("SELECT tube_id, resident_id, sampled_at FROM tube_members WHERE resident_id IN (\(Session.placeholders(chunk.count)))",
                                              binds: chunk.map { .int($0) }, types: [.int, .int, .int]) {
                guard let capacity = negatives[r[0].int!] else { continue }
                var entry = latest[r[1].int!] ?? (.min, .min)
                if capacity == 1 { entry.single = max(entry.single, r[2].int!) } else { entry.pool = max(entry.pool, r[2].int!) }
                latest[r[1].int!] = entry
            }
        }
        let closingOrders = open.filter { o in
            guard let seen = latest[o[1].int!], let created = o[3].int else { return false }
            return seen.single >= created || (o[2].text == ReflexAction.resample.rawValue && seen.pool >= created)
        }
        let closing = closingOrders.map { $0[0].int! }
        for chunk in closing.chunked(500) {
            try await session.execute("UPDATE screening_orders SET closed_at = ? WHERE id IN (\(Session.placeholders(chunk.count))) RETURNING id",
                                     binds: [.int(now)] + chunk.map { .int($0) }, returning: [.int])
        }
        return Set(closingOrders.map { $0[1].int! })
    }
}
