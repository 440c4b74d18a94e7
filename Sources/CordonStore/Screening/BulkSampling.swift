import CordonDomain
import SQLKit

/// A tube as a site's device syncs it after sampling: who is in it and when it was sealed.
public struct TubeSubmission: Sendable, Hashable, Codable {
    public let barcode: String
    public let site: String
    public let roundId: Int64?
    public let capacity: Int?
    public let sampledAt: Int64
    public let idNumbers: [String]

    public init(barcode: String, site: String, roundId: Int64?, capacity: Int?, sampledAt: Int64, idNumbers: [String]) {
        self.barcode = barcode
        self.site = site
        self.roundId = roundId
        self.capacity = capacity
        self.sampledAt = sampledAt
        self.idNumbers = idNumbers
    }
}

/// A resident as a swab names them, resolved before the write so the writer only inserts.
struct SwabbedPerson: Sendable {
    let id: Int64
    let household: Int64
    /// The community the round's counters are kept for (a street or district where a branch has no communities).
    let community: Int64
    let workGroup: WorkGroup?
}

extension Screening {
    public static let tubeColumns = ["id", "barcode", "round_id", "site_id", "capacity", "by_household", "purpose", "status", "members",
                                     "opened_at", "closed_at"]
    public static let memberColumns = ["tube_id", "resident_id", "round_id", "sampled_at"]

    /// Registers many sealed tubes at once, all or nothing: the path for a site that sampled offline and for a
    /// whole round's devices syncing. Every refusal names the tube's row in the request.
    ///
    /// The work that needs no lock (keyed hashes of the ID numbers, who each swab is, which sites and barcodes exist)
    /// happens first on a reader, so while one device's tubes are written the next device's are being resolved; the
    /// writer then checks the rules against what only it can see and inserts plain rows.
    @discardableResult
    public func registerSamples(_ tubes: [TubeSubmission], actor: Actor) async throws -> (tubes: Int, swabs: Int) {
        try actor.require(.takeSamples)
        // Nothing to register is not an error, and must not reach the range of new tube ids below (it would be empty).
        guard !tubes.isEmpty else { return (0, 0) }
        let policy = database.policies.inForce(at: clock.now()).screening
        var issues: [ScreeningIssue] = []
        var barcodes: [String] = []
        var seen = Set<String>()
        for (i, tube) in tubes.enumerated() {
            guard let code = try? Barcode.validate(tube.barcode) else {
                issues.append(ScreeningIssue(row: i + 1, barcode: tube.barcode, .malformedBarcode))
                barcodes.append(tube.barcode)
                continue
            }
            barcodes.append(code)
            if !seen.insert(code).inserted { issues.append(ScreeningIssue(row: i + 1, barcode: code, .duplicateBarcode)) }
            if tube.idNumbers.isEmpty { issues.append(ScreeningIssue(row: i + 1, barcode: code, .tubeEmpty)) }
            if Set(tube.idNumbers).count != tube.idNumbers.count { issues.append(ScreeningIssue(row: i + 1, barcode: code, .alreadyInTube)) }
            if let c = tube.capacity, !policy.allowedPools.contains(c) { issues.append(ScreeningIssue(row: i + 1, barcode: code, .badPool)) }
        }
        guard issues.isEmpty else { throw ScreeningFailure(issues) }

        let codes = barcodes
        let hashes = try await registry.hashAll(tubes.flatMap { $0.idNumbers.map { $0.identifierForSearch() } })
        let (sites, taken, people) = try await database.read { session in
            (try await Self.sites(session, codes: Set(tubes.map(\.site))), try await Self.existingBarcodes(session, Set(codes)),
             try await Self.people(session, hashes: hashes))
        }
        return try await database.write { session in
            var issues: [ScreeningIssue] = []
            var poolings: [Int64: [RoundPooling]] = [:]
            var groupPools: [Int64: [WorkGroup: Int]] = [:]
            var snapshots: [Int64: Int64] = [:]
            let retests = try await Self.openRetests(session)
            var tubeRows: [[SQLValue]] = []
            var swabs: [[SQLValue]] = []
            let first = try await session.nextID(of: "tubes")
            var h = 0
            for (i, tube) in tubes.enumerated() {
                let code = codes[i]
                let id = first + Int64(tubeRows.count)
                let members = h..<(h + tube.idNumbers.count)
                h = members.upperBound
                guard let site = sites[tube.site] else { issues.append(ScreeningIssue(row: i + 1, barcode: code, .unknownSite)); continue }
                if taken.contains(code) { issues.append(ScreeningIssue(row: i + 1, barcode: code, .duplicateBarcode)) }
                var roundPooling: Pooling? = nil
                if let round = tube.roundId {
                    if snapshots[round] == nil {
                        guard let last = try await Self.roundSnapshot(session, round) else {
                            issues.append(ScreeningIssue(row: i + 1, barcode: code, .unknownRound))
                            continue
                        }
                        snapshots[round] = last
                        poolings[round] = try await Self.roundPoolings(session, round: round)
                        groupPools[round] = try await Self.groupPools(session, round: round)
                    }
                    roundPooling = Self.pooling(at: site.path, among: poolings[round] ?? [])
                }
                var pooling = policy.pooling(site: site.kind, round: roundPooling, sealedArea: site.sealed)
                if let capacity = tube.capacity { pooling = Pooling(size: capacity, byHousehold: pooling.byHousehold && capacity > 1) }
                var rules = TubeRules(capacity: pooling.size, byHousehold: pooling.byHousehold)
                for m in members {
                    guard let person = people[m] else { issues.append(ScreeningIssue(row: i + 1, barcode: code, .unknownResident)); break }
                    do throws(TubeRefusal) {
                        try rules.add(person.id, household: person.household, awaitingRetest: retests.contains(person.id), retestPool: policy.retestPool,
                                      groupPool: tube.roundId.flatMap { round in person.workGroup.flatMap { groupPools[round]?[$0] } })
                    } catch {
                        issues.append(ScreeningIssue(row: i + 1, barcode: code, ScreeningIssue.Code(error)))
                        break
                    }
                }
                guard issues.isEmpty else { continue }
                tubeRows.append([.int(id), .text(code), .int(tube.roundId), .int(site.id), .int(Int64(pooling.size)), .int(pooling.byHousehold ? 1 : 0),
                                 .text(site.kind.purpose.rawValue), .text(TubeStatus.closed.rawValue), .int(Int64(members.count)),
                                 .int(tube.sampledAt), .int(tube.sampledAt)])
                for m in members { swabs.append([.int(id), .int(people[m]!.id), .int(tube.roundId), .int(tube.sampledAt)]) }
            }
            guard issues.isEmpty else { throw ScreeningFailure(issues) }
            try await session.insert(into: "tubes", columns: Self.tubeColumns, rows: tubeRows)
            try await session.syncIdentity(of: "tubes")
            try await session.insert(into: "tube_members", columns: Self.memberColumns, rows: swabs)
            let last = first + Int64(tubeRows.count) - 1
            try await Self.countFirstSamples(session, tubes: first...last, submitted: tubes, people: people, snapshots: snapshots)
            try await CodeRefresh.afterSampling(session, residents: swabs.map { $0[1].int! }, now: clock.now())
            try await Journal.append(session, actor: actor, action: "tubes.register", subjectType: "tube", subjectID: "\(tubeRows.count) tubes",
                                     reason: "bulk sampling", detail: "\(swabs.count) swabs")
            return (tubeRows.count, swabs.count)
        }
    }

    /// Who each keyed hash names, in the order given; nil for nobody registered. The hashes travel as one JSON array
    /// per 10,000 (base64 needs no escaping) that the database unrolls and joins on its unique index: one bind and a
    /// short statement instead of 20,000 binds in a statement SQLite must compile row by row.
    static func people(_ session: Session, hashes: [String]) async throws -> [SwabbedPerson?] {
        var found = [SwabbedPerson?](repeating: nil, count: hashes.count)
        // SQLite numbers json_each's elements from 0, PostgreSQL's ordinality from 1.
        let (source, base): (String, Int) = session.kind == .sqlite
            ? ("json_each(?) AS j", 0)
            : ("json_array_elements_text(CAST(? AS json)) WITH ORDINALITY AS j(value, key)", 1)
        var start = 0
        for chunk in hashes.chunked(10_000) {
            var list = "["
            list.reserveCapacity(chunk.count * 47 + 2)
            for (n, hash) in chunk.enumerated() {
                if n > 0 { list += "," }
                list += "\""
                list += hash
                list += "\""
            }
            list += "]"
            let rows = try await session.select("""
                SELECT CAST(j.key AS BIGINT), r.id, r.household_id, COALESCE(r.community_id, r.street_id, r.district_id, r.city_id), r.work_group
                FROM \(source) JOIN residents r ON r.id_number_hash = j.value
                """, binds: [.text(list)], types: [.int, .int, .int, .int, .text])
            for r in rows {
                found[start + Int(r[0].int!) - base] = SwabbedPerson(id: r[1].int!, household: r[2].int!, community: r[3].int ?? 0,
                                                                     workGroup: r[4].text.flatMap(WorkGroup.init))
            }
            start += chunk.count
        }
        return found
    }

    /// Everyone with an open retest order: few at any time, so one indexed read.
    static func openRetests(_ session: Session) async throws -> Set<Int64> {
        Set(try await session.select("SELECT resident_id FROM screening_orders WHERE closed_at IS NULL AND action = 'retest'", binds: [], types: [.int])
            .compactMap { $0[0].int })
    }

    /// The last resident id a round's population snapshot counted (every id for a round older than snapshots);
    /// nil for no such round.
    /// A round's figures asked for by id: an id that names no round is not found, not a round with nothing in it.
    static func requireRound(_ session: Session, _ round: Int64) async throws {
        guard try await session.select("SELECT id FROM screening_rounds WHERE id = ?", binds: [.int(round)], types: [.int]).first != nil else {
            throw StoreError(.notFound, "no such round")
        }
    }

    static func roundSnapshot(_ session: Session, _ round: Int64) async throws -> Int64? {
        guard let row = try await session.select("SELECT id, snapshot_resident_id FROM screening_rounds WHERE id = ?", binds: [.int(round)],
                                                  types: [.int, .int]).first else { return nil }
        return row[1].int ?? .max
    }

    /// A site as the sampling rules need it: what it serves and where it stands in the tree.
    struct SiteRef: Sendable {
        let id: Int64
        let kind: SiteKind
        let path: AreaPath
        /// Whether the site stands in a standing high-risk (sealed) area, where a household shares one tube.
        let sealed: Bool
    }

    static func sites(_ session: Session, codes: Set<String>) async throws -> [String: SiteRef] {
        let levels = AreaLevel.allCases
        let list = session.list(codes)
        var found: [String: SiteRef] = [:]
        let sealed = Set(try await session.select("SELECT area_id FROM risk_areas WHERE ended_at IS NULL AND level = 'high'", binds: [],
                                                  types: [.int]).compactMap { $0[0].int })
        for r in try await session.select("""
            SELECT s.code, s.id, s.kind, a.id, a.level, \(levels.map { "a.\($0.rawValue)_id" }.joined(separator: ", "))
            FROM sampling_sites s JOIN areas a ON a.id = s.area_id WHERE s.code IN (\(list.sql))
            """, binds: [list.bind], types: [.text, .int, .text, .int, .text] + levels.map { _ in .int }) {
            var path = AreaPath()
            for (i, level) in levels.enumerated() { path[level] = r[5 + i].int }
            if let level = r[4].text.flatMap(AreaLevel.init) { path[level] = r[3].int }
            found[r[0].text!] = SiteRef(id: r[1].int!, kind: r[2].text.flatMap(SiteKind.init) ?? .community, path: path,
                                        sealed: path.ids.values.contains(where: sealed.contains))
        }
        return found
    }

    static func existingBarcodes(_ session: Session, _ codes: Set<String>) async throws -> Set<String> {
        let list = session.list(codes)
        return Set(try await session.select("SELECT barcode FROM tubes WHERE barcode IN (\(list.sql))", binds: [list.bind], types: [.text])
            .compactMap { $0[0].text })
    }
}
