import CordonDomain
import SQLKit

extension Registry {
    public static let requiredColumns = ["name", "id_number", "phone", "household_code"]
    public static let optionalColumns = ["id_kind", "birth_date", "sex", "groups", "proxy_id_number", "proxy_relation"]
    public static let exportColumns = ["name", "id_kind", "id_number", "birth_date", "sex", "phone", "household_code", "groups",
                                       "proxy_id_number", "proxy_relation"]

    /// Imports a resident CSV. Without `skipInvalid` any bad line refuses the whole file and every issue is
    /// reported; with it the good lines are written and each refused line is listed. Either way the write is one
    /// transaction: a killed process leaves the database as it was.
    public func importResidents(csv bytes: [UInt8], actor: Actor, skipInvalid: Bool, reason: String) async throws -> ImportReport {
        guard actor.role.importsRegistry else { throw StoreError(.forbidden, "this role cannot import residents") }
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: Self.requiredColumns, optional: Self.optionalColumns)
        } catch { throw ImportFailure(issues: [error]) }

        var issues: [ImportIssue] = []
        var valid: [(line: Int, resident: NewResident)] = []
        var proxyOf: [Int: (idNumber: String, relation: String)] = [:]
        valid.reserveCapacity(reader.records.count)
        var seen: [String: Int] = [:]
        for record in reader.records {
            guard record.fields.count == reader.header.count else {
                issues.append(ImportIssue(line: record.line, field: nil, code: .fieldCount))
                continue
            }
            func field(_ name: String) -> String { index[name].map { record.fields[$0] } ?? "" }
            let raw = RawResident(name: field("name"), idKind: field("id_kind"), idNumber: field("id_number"),
                                  birthDate: field("birth_date"), sex: field("sex"), phone: field("phone"),
                                  householdCode: field("household_code"), groups: field("groups"))
            do {
                let resident = try NewResident.validate(raw)
                if seen[resident.idNumber] != nil {
                    issues.append(ImportIssue(line: record.line, field: "id_number", code: .duplicateInFile))
                    continue
                }
                if let proxy = try Self.proxyFields(id: field("proxy_id_number"), relation: field("proxy_relation")) {
                    proxyOf[record.line] = proxy
                }
                seen[resident.idNumber] = record.line
                valid.append((record.line, resident))
            } catch {
                issues.append(ImportIssue(line: record.line, error))
            }
        }
        if !issues.isEmpty && !skipInvalid { throw ImportFailure(issues: issues) }

        let sealed = try await sealAll(valid.map(\.resident))
        let accepted = valid
        let parseIssues = issues
        let proxies = proxyOf
        let cipher = self.cipher
        let (inserted, storeIssues) = try await database.write { session in
            let households = try await Self.households(session.sql, codes: Set(accepted.map(\.resident.householdCode)))
            let names = try await Self.ancestorNames(session.sql, of: Array(households.values))
            let existing = try await Self.existingHashes(session.sql, hashes: sealed.map(\.idHash))
            let proxyHashes = proxies.mapValues { cipher.searchHash($0.idNumber) }
            let knownProxies = try await Self.existingHashes(session.sql, hashes: Array(Set(proxyHashes.values)))
            let inFile = Set(sealed.map(\.idHash))
            var links: [(line: Int, resident: String, proxy: String, relation: String)] = []
            var rows: [[SQLValue]] = []
            rows.reserveCapacity(sealed.count)
            var rejected: [ImportIssue] = []
            let now = Clock.now()
            for (i, entry) in accepted.enumerated() {
                guard let household = households[entry.resident.householdCode], actor.jurisdiction.contains(household) else {
                    rejected.append(ImportIssue(line: entry.line, field: "household_code", code: .field, fieldCode: .unknownArea))
                    continue
                }
                guard household.level == .household else {
                    rejected.append(ImportIssue(line: entry.line, field: "household_code", code: .wrongLevel))
                    continue
                }
                guard !existing.contains(sealed[i].idHash) else {
                    rejected.append(ImportIssue(line: entry.line, field: "id_number", code: .field, fieldCode: .duplicate))
                    continue
                }
                if let proxyHash = proxyHashes[entry.line] {
                    guard knownProxies.contains(proxyHash) || inFile.contains(proxyHash), proxyHash != sealed[i].idHash else {
                        rejected.append(ImportIssue(line: entry.line, field: "proxy_id_number", code: .field, fieldCode: .unknownPerson))
                        continue
                    }
                    links.append((entry.line, sealed[i].idHash, proxyHash, proxies[entry.line]!.relation))
                }
                rows.append(Self.row(entry.resident, sealed: sealed[i], household: household,
                                     address: Self.address(of: household, names: names), createdAt: now))
            }
            if !rejected.isEmpty && !skipInvalid { throw ImportFailure(issues: rejected) }
            try await session.insert(into: "residents", columns: Self.insertColumns, rows: rows)
            if !links.isEmpty {
                // A proxy named on a line that was itself refused (with skip-invalid) is simply not there: drop that link.
                let ids = try await Self.residentIDs(session.sql, hashes: Array(Set(links.flatMap { [$0.resident, $0.proxy] })))
                try await Self.insertProxies(session, links.compactMap { link in
                    guard let r = ids[link.resident], let p = ids[link.proxy] else { return nil }
                    return (r, p, link.relation)
                })
            }
            try await Journal.append(session.sql, actor: actor, action: "resident.import", subjectType: "resident",
                                     subjectID: "\(rows.count) residents", reason: reason,
                                     detail: "rejected \(parseIssues.count + rejected.count) lines")
            return (rows.count, rejected)
        }
        let all = (parseIssues + storeIssues).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return ImportReport(inserted: inserted, rejected: all)
    }

    static func households(_ db: any SQLDatabase, codes: Set<String>) async throws -> [String: Area] {
        var found: [String: Area] = [:]
        for chunk in Array(codes).chunked(500) {
            var query: SQLQueryString = "SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE code IN ("
            for (i, code) in chunk.enumerated() {
                if i > 0 { query.appendLiteral(",") }
                query.appendInterpolation(bind: code)
            }
            query.appendLiteral(")")
            for row in try await db.raw(query).all() {
                let area = try AreaRow.decode(row)
                found[area.code] = area
            }
        }
        return found
    }

    static func existingHashes(_ db: any SQLDatabase, hashes: [String]) async throws -> Set<String> {
        Set(try await residentIDs(db, hashes: hashes).keys)
    }

    /// Resident ids by the keyed hash of their ID number, for those that exist.
    static func residentIDs(_ db: any SQLDatabase, hashes: [String]) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for chunk in hashes.chunked(500) {
            var query: SQLQueryString = "SELECT id, id_number_hash FROM residents WHERE id_number_hash IN ("
            for (i, hash) in chunk.enumerated() {
                if i > 0 { query.appendLiteral(",") }
                query.appendInterpolation(bind: hash)
            }
            query.appendLiteral(")")
            for row in try await db.raw(query).all() { found[try row.decode(column: "id_number_hash")] = try row.decode(column: "id") }
        }
        return found
    }

    /// The optional proxy columns of a row: both or neither.
    static func proxyFields(id: String, relation: String) throws(FieldError) -> (idNumber: String, relation: String)? {
        let id = id.trimmingSpaces()
        let relation = relation.trimmingSpaces()
        if id.isEmpty && relation.isEmpty { return nil }
        guard !id.isEmpty else { throw FieldError(field: "proxy_id_number", code: .missing) }
        guard !relation.isEmpty else { throw FieldError(field: "proxy_relation", code: .missing) }
        guard relation.count <= 20 else { throw FieldError(field: "proxy_relation", code: .tooLong) }
        let number: String
        if let card = try? IDKind.residentCard.normalise(id) {
            number = card
        } else {
            do { number = try IDKind.passport.normalise(id) } catch { throw FieldError(field: "proxy_id_number", code: error) }
        }
        return (number, relation)
    }

    /// The names of every ancestor of `areas`, for composing addresses.
    static func ancestorNames(_ db: any SQLDatabase, of areas: [Area]) async throws -> [Int64: String] {
        var ids = Set<Int64>()
        for area in areas { for level in AreaLevel.allCases where level != .city { if let id = area.ancestors[level] { ids.insert(id) } } }
        var names: [Int64: String] = [:]
        for chunk in Array(ids).chunked(500) {
            var query: SQLQueryString = "SELECT id, name FROM areas WHERE id IN ("
            for (i, id) in chunk.enumerated() {
                if i > 0 { query.appendLiteral(",") }
                query.appendInterpolation(bind: id)
            }
            query.appendLiteral(")")
            for row in try await db.raw(query).all() { names[try row.decode(column: "id")] = try row.decode(column: "name") }
        }
        return names
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
