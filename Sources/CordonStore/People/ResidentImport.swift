import CordonDomain
import SQLKit

extension Registry {
    public static let requiredColumns = ["name", "id_number", "phone", "household_code"]
    public static let optionalColumns = ["id_kind", "birth_date", "sex", "groups"]
    public static let exportColumns = ["name", "id_kind", "id_number", "birth_date", "sex", "phone", "household_code", "groups"]

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
                seen[resident.idNumber] = record.line
                valid.append((record.line, resident))
            } catch {
                issues.append(ImportIssue(line: record.line, error))
            }
        }
        if !issues.isEmpty && !skipInvalid { throw ImportFailure(issues: issues) }

        let sealed = try await sealAll(valid)
        let accepted = valid
        let parseIssues = issues
        let (inserted, storeIssues) = try await database.write { session in
            let households = try await Self.households(session.sql, codes: Set(accepted.map(\.resident.householdCode)))
            let names = try await Self.ancestorNames(session.sql, of: Array(households.values))
            let existing = try await Self.existingHashes(session.sql, hashes: sealed.map(\.idHash))
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
                rows.append(Self.row(entry.resident, sealed: sealed[i], household: household,
                                     address: Self.address(of: household, names: names), createdAt: now))
            }
            if !rejected.isEmpty && !skipInvalid { throw ImportFailure(issues: rejected) }
            try await session.insert(into: "residents", columns: Self.insertColumns, rows: rows)
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
        var found = Set<String>()
        for chunk in hashes.chunked(500) {
            var query: SQLQueryString = "SELECT id_number_hash FROM residents WHERE id_number_hash IN ("
            for (i, hash) in chunk.enumerated() {
                if i > 0 { query.appendLiteral(",") }
                query.appendInterpolation(bind: hash)
            }
            query.appendLiteral(")")
            for row in try await db.raw(query).all() { found.insert(try row.decode(column: "id_number_hash")) }
        }
        return found
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
