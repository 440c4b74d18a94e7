import CordonDomain

/// What a contact import did: links added as confirmed, and rows whose link was already known (merged, not doubled).
public struct ContactImportReport: Sendable, Hashable, Codable {
    public let added: Int
    public let alreadyKnown: Int
}

extension Tracing {
    public static let importColumns = (required: ["case_id", "id_number", "tier", "exposed_at"], optional: ["via_id_number", "note"])

    /// Contacts another team traced, as CSV: `case_id,id_number,tier,exposed_at[,via_id_number,note]`, times as
    /// `2022-11-10 14:30`. The same checks as a contact added by hand; every problem is reported with its line and
    /// field and nothing is written unless every row is good. A row naming a link already known merges with it.
    public func importContacts(csv bytes: [UInt8], actor: Actor, now: Int64? = nil) async throws -> ContactImportReport {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: Self.importColumns.required, optional: Self.importColumns.optional)
        } catch { throw ImportFailure(issues: [error]) }
        let tiers = policy(at: now).tiers
        let cipher = registry.cipher
        let scope = actor.jurisdiction
        return try await database.write { session in
            var issues: [ImportIssue] = []
            var seen: [String: Int] = [:]
            var proposals: [(line: Int, caseID: Int64, proposal: ContactProposal)] = []
            var caseResidents: [Int64: Int64?] = [:]
            func person(_ raw: String, field: String, line: Int) async throws -> Int64? {
                let number = raw.trimmingSpaces().uppercased()
                guard !number.isEmpty else { issues.append(ImportIssue(line: line, field: field, code: .field, fieldCode: .missing)); return nil }
                if number.count == 18, number.dropLast().allSatisfy(\.isNumber) {
                    do { _ = try IDNumber(number) } catch { issues.append(ImportIssue(line: line, field: field, code: .field, fieldCode: error)); return nil }
                }
                guard let id = try await Self.residentID(session, idNumber: number, cipher: cipher) else { issues.append(ImportIssue(line: line, field: field, code: .field, fieldCode: .unknownPerson)); return nil }
                return id
            }
            for record in reader.records {
                let line = record.line
                guard record.fields.count == reader.header.count else { issues.append(ImportIssue(line: line, field: nil, code: .fieldCount)); continue }
                func value(_ name: String) -> String { index[name].map { record.fields[$0].trimmingSpaces() } ?? "" }
                var caseResident: Int64?
                if let caseID = Int64(value("case_id")) {
                    if caseResidents[caseID] == nil {
                        caseResidents[caseID] = try await session.select("""
                            SELECT k.resident_id FROM cases k JOIN residents r ON r.id = k.resident_id
                            WHERE k.id = ? AND k.closed_at IS NULL AND \(scope.inside("r"))
                            """, binds: [.int(caseID), .int(scope.id)], types: [.int]).first?[0].int
                    }
                    caseResident = caseResidents[caseID] ?? nil
                }
                if caseResident == nil { issues.append(ImportIssue(line: line, field: "case_id", code: .field, fieldCode: .unknownCase)) }
                let tier = ContactTier(rawValue: value("tier").lowercased())
                if tier == nil { issues.append(ImportIssue(line: line, field: "tier", code: .field, fieldCode: .unknownValue)) }
                else if !tiers.contains(tier!) { issues.append(ImportIssue(line: line, field: "tier", code: .field, fieldCode: .notInPolicy)) }
                let exposed = LocalTime.parse(value("exposed_at"))
                if exposed == nil { issues.append(ImportIssue(line: line, field: "exposed_at", code: .field, fieldCode: .format)) }
                else if exposed! > now { issues.append(ImportIssue(line: line, field: "exposed_at", code: .field, fieldCode: .inFuture)) }
                let resident = try await person(value("id_number"), field: "id_number", line: line)
                if let resident, resident == caseResident {
                    issues.append(ImportIssue(line: line, field: "id_number", code: .field, fieldCode: .isTheCase))
                }
                var via: Int64?
                if tier == .secondary { via = try await person(value("via_id_number"), field: "via_id_number", line: line) }
                let key = "\(value("case_id"))|\(resident.map(String.init) ?? value("id_number"))|\(value("tier"))"
                if seen[key] != nil {
                    issues.append(ImportIssue(line: line, field: "id_number", code: .duplicateInFile))
                    continue
                }
                seen[key] = line
                if let caseID = Int64(value("case_id")), let caseResident, let resident, resident != caseResident, let tier, tiers.contains(tier),
                   let exposed, exposed <= now, tier == .close || via != nil {
                    proposals.append((line, caseID, ContactProposal(residentID: resident, tier: tier, route: .imported, venueID: nil,
                                                                     exposedAt: exposed, viaResidentID: via)))
                }
            }
            guard issues.isEmpty else { throw ImportFailure(issues: issues) }
            var added = 0
            var touched: Set<Int64> = []
            for (_, caseID, proposal) in proposals {
                added += try await Self.insertLinks(session, caseID: caseID, [proposal], now: now, status: .confirmed, decidedBy: actor.name).count
                touched.insert(proposal.residentID)
            }
            for resident in touched.sorted() { try await Self.settleLedger(session, residentID: resident, now: now) }
            try await Journal.append(session, actor: actor, action: "contact.import", subjectType: "import", subjectID: "contacts",
                                     reason: "import", detail: "\(added) added, \(proposals.count - added) already known")
            if !touched.isEmpty { try await CodeRefresh.run(session, .ids(Array(touched)), now: now) }
            return ContactImportReport(added: added, alreadyKnown: proposals.count - added)
        }
    }
}
