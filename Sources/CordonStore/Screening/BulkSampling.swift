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

extension Screening {
    public static let tubeColumns = ["id", "barcode", "round_id", "site_id", "capacity", "purpose", "status", "members", "opened_at", "closed_at"]
    public static let memberColumns = ["tube_id", "resident_id", "round_id", "sampled_at"]

    /// Registers many sealed tubes at once, all or nothing: the path for a site that sampled offline and for a
    /// whole round's devices syncing. Every refusal names the tube's row in the request.
    @discardableResult
    public func registerSamples(_ tubes: [TubeSubmission], actor: Actor) async throws -> (tubes: Int, swabs: Int) {
        try Self.require(actor, actor.role == .sampler, "take samples")
        let policy = PolicyPreset.inForce(on: CivilDate(unixTime: UnixTime.now())).screening
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
        let hashes = try await registry.hashAll(tubes.flatMap { $0.idNumbers.map { $0.trimmingSpaces().uppercased() } })
        let database = self.database
        let (sites, taken) = try await database.read { session in
            (try await Self.sites(session, codes: Set(tubes.map(\.site))), try await Self.existingBarcodes(session, Set(codes)))
        }
        return try await database.write { session in
            var issues: [ScreeningIssue] = []
            var pools: [String: Int] = [:]
            var tubeRows: [[SQLValue]] = []
            var swabs: [[SQLValue]] = []
            var rounds = Set<Int64>()
            let first = try await session.nextID(of: "tubes")
            var h = 0
            for (i, tube) in tubes.enumerated() {
                let code = codes[i]
                let id = first + Int64(tubeRows.count)
                guard let site = sites[tube.site] else { issues.append(ScreeningIssue(row: i + 1, barcode: code, .unknownSite)); continue }
                if taken.contains(code) { issues.append(ScreeningIssue(row: i + 1, barcode: code, .duplicateBarcode)) }
                var capacity = tube.capacity
                if capacity == nil, let round = tube.roundId {
                    let key = "\(round)/\(site.area)"
                    if pools[key] == nil { pools[key] = try await Self.pool(session.sql, round: round, household: site.area) ?? policy.defaultPool }
                    capacity = pools[key]
                }
                let size = capacity ?? policy.defaultPool
                if tube.idNumbers.count > size { issues.append(ScreeningIssue(row: i + 1, barcode: code, .tubeFull)) }
                guard issues.isEmpty else { continue }
                tubeRows.append([.int(id), .text(code), .int(tube.roundId), .int(site.id), .int(Int64(size)), .text(SamplingPurpose.screening.rawValue),
                                 .text(TubeStatus.closed.rawValue), .int(Int64(tube.idNumbers.count)), .int(tube.sampledAt), .int(tube.sampledAt)])
                for _ in tube.idNumbers {
                    swabs.append([.int(id), .text(hashes[h]), .int(tube.roundId), .int(tube.sampledAt)])
                    h += 1
                }
                if let round = tube.roundId { rounds.insert(round) }
            }
            guard issues.isEmpty else {
                // Refused already: name the unknown people too, so one correction fixes the whole request.
                let unknown = try await Self.unknownResidents(session, tubes: tubes, codes: codes, hashes: hashes)
                throw ScreeningFailure((issues + unknown).sorted { ($0.row ?? 0) < ($1.row ?? 0) })
            }
            try await session.insert(into: "tubes", columns: Self.tubeColumns, rows: tubeRows)
            try await session.syncIdentity(of: "tubes")
            let last = first + Int64(tubeRows.count) - 1
            // Swabs name people by the keyed hash of their ID number; the database joins them to residents itself.
            for chunk in swabs.chunked(Session.maxBinds / 4) {
                try await session.select("""
                    INSERT INTO tube_members (tube_id, resident_id, round_id, sampled_at)
                    SELECT CAST(v.column1 AS BIGINT), r.id, CAST(v.column3 AS BIGINT), CAST(v.column4 AS BIGINT)
                    FROM (VALUES \(Array(repeating: "(?,?,?,?)", count: chunk.count).joined(separator: ","))) AS v
                    JOIN residents r ON r.id_number_hash = v.column2
                    """, binds: chunk.flatMap { $0 }, types: [])
            }
            let stored = try await session.select("SELECT COUNT(*) FROM tube_members WHERE tube_id BETWEEN ? AND ?",
                                                  binds: [.int(first), .int(last)], types: [.int]).first?[0].int ?? 0
            if stored != Int64(swabs.count) {
                throw ScreeningFailure(try await Self.unknownResidents(session, tubes: tubes, codes: codes, hashes: hashes))
            }
            for round in rounds { try await Self.countFirstSamples(session, round: round, tubes: first...last) }
            try await Journal.append(session.sql, actor: actor, action: "tubes.register", subjectType: "tube", subjectID: "\(tubeRows.count) tubes",
                                     reason: "bulk sampling", detail: "\(swabs.count) swabs")
            return (tubeRows.count, swabs.count)
        }
    }

    /// The tubes naming someone who is not registered: the slow path, taken only when a request is refused.
    static func unknownResidents(_ session: Session, tubes: [TubeSubmission], codes: [String], hashes: [String]) async throws -> [ScreeningIssue] {
        let known = try await Registry.residentIDs(session, hashes: hashes)
        var issues: [ScreeningIssue] = []
        var h = 0
        for (i, tube) in tubes.enumerated() {
            let range = h..<(h + tube.idNumbers.count)
            h = range.upperBound
            if range.contains(where: { known[hashes[$0]] == nil }) { issues.append(ScreeningIssue(row: i + 1, barcode: codes[i], .unknownResident)) }
        }
        return issues
    }

    static func sites(_ session: Session, codes: Set<String>) async throws -> [String: (id: Int64, area: Int64)] {
        var found: [String: (id: Int64, area: Int64)] = [:]
        for chunk in Array(codes).chunked(500) {
            for r in try await session.select("SELECT code, id, area_id FROM sampling_sites WHERE code IN (\(Session.placeholders(chunk.count)))",
                                              binds: chunk.map { .text($0) }, types: [.text, .int, .int]) {
                found[r[0].text!] = (r[1].int!, r[2].int!)
            }
        }
        return found
    }

    static func existingBarcodes(_ session: Session, _ codes: Set<String>) async throws -> Set<String> {
        var found = Set<String>()
        for chunk in Array(codes).chunked(500) {
            for r in try await session.select("SELECT barcode FROM tubes WHERE barcode IN (\(Session.placeholders(chunk.count)))",
                                              binds: chunk.map { .text($0) }, types: [.text]) { found.insert(r[0].text!) }
        }
        return found
    }
}
