import CordonDomain
import SQLKit

extension Registry {
    public static let requiredColumns = ["name", "id_number", "phone", "household_code"]
    public static let optionalColumns = ["id_kind", "birth_date", "sex", "groups", "work_group", "proxy_id_number", "proxy_relation"]
    public static let exportColumns = ["name", "id_kind", "id_number", "birth_date", "sex", "phone", "household_code", "groups",
                                       "work_group", "proxy_id_number", "proxy_relation"]

    /// Imports a resident CSV. Without `skipInvalid` any bad line refuses the whole file and every issue is
    /// reported; with it the good lines are written and each refused line is listed. Either way the write is one
    /// transaction: a killed process leaves the database as it was.
    public func importResidents(csv bytes: [UInt8], actor: Actor, skipInvalid: Bool, reason: String,
                                progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> ImportReport {
        try actor.require(.importRegistry)
        let started = ContinuousClock.now
        let lap: @Sendable (String) -> Void = { progress("\($0) at \(ContinuousClock.now - started)") }
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: Self.requiredColumns, optional: Self.optionalColumns)
        } catch { throw ImportFailure(issues: [error]) }
        lap("parsed \(reader.records.count) rows")

        // Resolving the households a file names needs only that column, so it runs while the rows are validated.
        let database = self.database
        let codeColumn = index["household_code"]!
        let codes = Set(reader.records.compactMap { $0.fields.count > codeColumn ? $0.fields[codeColumn].trimmingSpaces() : nil })
        let resolving = Task {
            try await database.read { session in
                let households = try await Self.households(session, codes: codes)
                return (households, try await Self.ancestorNames(session, of: Array(households.values)))
            }
        }
        let checked = await Self.validate(reader, index: index)
        if !checked.issues.isEmpty && !skipInvalid {
            resolving.cancel()
            throw ImportFailure(issues: checked.issues)
        }
        lap("validated")
        let cipher = self.cipher

        let accepted = checked.valid
        let proxies = checked.proxies
        // Lookups of what is already stored go through reader connections, beside the writer, so they never wait
        // for an insert in flight; the unique index still stops a duplicate that commits meanwhile.
        let (households, names) = try await resolving.value
        let fileIDs = Set(accepted.map(\.resident.idNumber))
        let proxyHashes = proxies.mapValues { cipher.searchHash($0.idNumber) }
        let storedProxies = try await database.read { session in try await Self.existingHashes(session, hashes: Array(Set(proxyHashes.values))) }
        lap("resolved \(households.count) households")

        let (inserted, storeIssues) = try await database.write { session in
            var writer = BulkWriter(session: session, table: "residents", columns: Self.insertColumns)
            var links: [(resident: String, proxy: String, relation: String)] = []
            var rejected: [ImportIssue] = []
            var addresses: [Int64: String] = [:]
            let now = clock.now()
            do {
                // Chunk by chunk: sealing a chunk keeps both cores busy while the previous chunk is being inserted.
                for chunk in accepted.chunked(20_000) {
                    let sealed = try await self.sealAll(chunk.map(\.resident))
                    let existing = try await database.read { s in try await Self.existingHashes(s, hashes: sealed.map(\.idHash)) }
                    for (j, entry) in chunk.enumerated() {
                        let household = households[entry.resident.householdCode]
                        let proxy = proxies[entry.line]
                        let problem: ImportIssue?
                        if household == nil || !actor.jurisdiction.contains(household!) {
                            problem = ImportIssue(line: entry.line, field: "household_code", code: .field, fieldCode: .unknownArea)
                        } else if household!.level != .household {
                            problem = ImportIssue(line: entry.line, field: "household_code", code: .wrongLevel)
                        } else if existing.contains(sealed[j].idHash) {
                            problem = ImportIssue(line: entry.line, field: "id_number", code: .field, fieldCode: .duplicate)
                        } else if let proxy, proxy.idNumber == entry.resident.idNumber
                                    || !(fileIDs.contains(proxy.idNumber) || storedProxies.contains(proxyHashes[entry.line]!)) {
                            problem = ImportIssue(line: entry.line, field: "proxy_id_number", code: .field, fieldCode: .unknownPerson)
                        } else {
                            problem = nil
                        }
                        if let problem {
                            rejected.append(problem)
                            continue
                        }
                        // Once the file is refused, keep checking for the report but stop writing.
                        guard rejected.isEmpty || skipInvalid, let household else { continue }
                        if let proxy { links.append((sealed[j].idHash, proxyHashes[entry.line]!, proxy.relation)) }
                        let address = addresses[household.id] ?? Self.address(of: household, names: names)
                        addresses[household.id] = address
                        try await writer.append(Self.row(entry.resident, sealed: sealed[j], household: household, address: address, createdAt: now))
                    }
                }
                if !rejected.isEmpty && !skipInvalid { throw ImportFailure(issues: rejected) }
                try await writer.finish()
            } catch {
                await writer.abandon()
                throw error
            }
            lap("inserted \(writer.written) rows")
            try await Self.link(session, links)
            try await Journal.append(session, actor: actor, action: "resident.import", subjectType: "resident",
                                     subjectID: "\(writer.written) residents", reason: reason,
                                     detail: "rejected \(checked.issues.count + rejected.count) lines")
            return (writer.written, rejected)
        }
        // A load this size sits in SQLite's write-ahead log until checkpointed; empty it so reads are direct again.
        if inserted >= 100_000 { try await database.checkpoint() }
        let all = (checked.issues + storeIssues).sorted { ($0.line ?? 0) < ($1.line ?? 0) }
        return ImportReport(inserted: inserted, rejected: all)
    }

    /// Validates every record, on every core, then finds duplicates within the file in line order.
    static func validate(_ reader: CSVReader, index: [String: Int]) async -> (valid: [(line: Int, resident: NewResident)],
                                                                               proxies: [Int: (idNumber: String, relation: String)],
                                                                               issues: [ImportIssue]) {
        typealias Checked = (line: Int, result: Result<(NewResident, (idNumber: String, relation: String)?), ImportIssue>)
        let width = reader.header.count
        let parts = await withTaskGroup(of: (Int, [Checked]).self) { group in
            for (n, chunk) in reader.records.chunked(50_000).enumerated() {
                group.addTask {
                    (n, chunk.map { record -> Checked in
                        guard record.fields.count == width else {
                            return (record.line, .failure(ImportIssue(line: record.line, field: nil, code: .fieldCount)))
                        }
                        func field(_ name: String) -> String { index[name].map { record.fields[$0] } ?? "" }
                        do throws(FieldError) {
                            let resident = try NewResident.validate(RawResident(
                                name: field("name"), idKind: field("id_kind"), idNumber: field("id_number"), birthDate: field("birth_date"),
                                sex: field("sex"), phone: field("phone"), householdCode: field("household_code"), groups: field("groups"),
                                workGroup: field("work_group")))
                            let proxy = try proxyFields(id: field("proxy_id_number"), relation: field("proxy_relation"))
                            return (record.line, .success((resident, proxy)))
                        } catch {
                            return (record.line, .failure(ImportIssue(line: record.line, error)))
                        }
                    })
                }
            }
            var parts: [Int: [Checked]] = [:]
            for await (n, checked) in group { parts[n] = checked }
            return parts
        }
        var valid: [(line: Int, resident: NewResident)] = []
        valid.reserveCapacity(reader.records.count)
        var proxies: [Int: (idNumber: String, relation: String)] = [:]
        var issues: [ImportIssue] = []
        var seen = Set<String>()
        for n in parts.keys.sorted() {
            for (line, result) in parts[n]! {
                switch result {
                case .failure(let issue):
                    issues.append(issue)
                case .success(let (resident, proxy)):
                    guard seen.insert(resident.idNumber).inserted else {
                        issues.append(ImportIssue(line: line, field: "id_number", code: .duplicateInFile))
                        continue
                    }
                    if let proxy { proxies[line] = proxy }
                    valid.append((line, resident))
                }
            }
        }
        return (valid, proxies, issues)
    }

    /// Records the proxies named in a file once both people are stored. With skip-invalid a proxy whose own line
    /// was refused is not there; that link is dropped with the line that explains it.
    static func link(_ session: Session, _ links: [(resident: String, proxy: String, relation: String)]) async throws {
        guard !links.isEmpty else { return }
        let ids = try await residentIDs(session, hashes: Array(Set(links.flatMap { [$0.resident, $0.proxy] })))
        try await insertProxies(session, links.compactMap { link in
            guard let r = ids[link.resident], let p = ids[link.proxy] else { return nil }
            return (r, p, link.relation)
        })
    }

    /// Areas by code for the households a file names, read through the fast path.
    static func households(_ session: Session, codes: Set<String>) async throws -> [String: Area] {
        var found: [String: Area] = [:]
        let levels = AreaLevel.allCases
        let types: [SQLColumnType] = [.int, .text, .text, .text, .int] + levels.map { _ in .int }
        for chunk in Array(codes).chunked(500) {
            let rows = try await session.select("SELECT \(AreaRow.columns) FROM areas WHERE code IN (\(Session.placeholders(chunk.count)))",
                                                binds: chunk.map { .text($0) }, types: types)
            for row in rows {
                guard let id = row[0].int, let code = row[1].text, let name = row[2].text, let level = row[3].text.flatMap(AreaLevel.init) else { continue }
                var path = AreaPath()
                for (i, l) in levels.enumerated() { path[l] = row[5 + i].int }
                found[code] = Area(id: id, code: code, name: name, level: level, parentID: row[4].int, ancestors: path)
            }
        }
        return found
    }

    static func existingHashes(_ session: Session, hashes: [String]) async throws -> Set<String> {
        Set(try await residentIDs(session, hashes: hashes).keys)
    }

    /// Resident ids by the keyed hash of their ID number, for those that exist.
    static func residentIDs(_ session: Session, hashes: [String]) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for chunk in hashes.chunked(500) {
            let rows = try await session.select("SELECT id, id_number_hash FROM residents WHERE id_number_hash IN (\(Session.placeholders(chunk.count)))",
                                                binds: chunk.map { .text($0) }, types: [.int, .text])
            for row in rows { if let id = row[0].int, let hash = row[1].text { found[hash] = id } }
        }
        return found
    }

    /// The names of every ancestor of `areas` and of the areas themselves, for composing addresses.
    static func ancestorNames(_ session: Session, of areas: [Area]) async throws -> [Int64: String] {
        var ids = Set<Int64>()
        var names: [Int64: String] = [:]
        for area in areas {
            names[area.id] = area.name
            for level in AreaLevel.allCases where level != .city && level < area.level {
                if let id = area.ancestors[level] { ids.insert(id) }
            }
        }
        for chunk in Array(ids).chunked(500) {
            let rows = try await session.select("SELECT id, name FROM areas WHERE id IN (\(Session.placeholders(chunk.count)))",
                                                binds: chunk.map { .int($0) }, types: [.int, .text])
            for row in rows { if let id = row[0].int, let name = row[1].text { names[id] = name } }
        }
        return names
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
        var names: [Int64: String] = [:]
        for area in areas {
            names[area.id] = area.name
            for level in AreaLevel.allCases where level != .city && level < area.level {
                if let id = area.ancestors[level] { ids.insert(id) }
            }
        }
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
