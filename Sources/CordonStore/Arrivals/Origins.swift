import CordonDomain

extension Arrivals {
    public static let originColumns = (required: ["code", "name"], optional: ["risk"])

    /// The origins list as CSV, `code,name[,risk]` (GB/T 2260 county codes; risk `high`, `medium`, `low` or empty):
    /// all or nothing, every bad line named. A code already listed takes the file's name and risk.
    @discardableResult
    public func importOrigins(csv bytes: [UInt8], actor: Actor, now: Int64? = nil) async throws -> Int {
        let now = now ?? clock.now()
        try actor.require(.keepOrigins)
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: Self.originColumns.required, optional: Self.originColumns.optional)
        } catch { throw ImportFailure(issues: [error]) }
        var issues: [ImportIssue] = []
        var rows: [String: [SQLValue]] = [:]
        for record in reader.records {
            guard record.fields.count == reader.header.count else { issues.append(ImportIssue(line: record.line, field: nil, code: .fieldCount)); continue }
            func value(_ name: String) -> String { index[name].map { record.fields[$0].trimmingSpaces() } ?? "" }
            let code = value("code"), name = value("name"), riskText = value("risk").lowercased()
            if code.isEmpty { issues.append(ImportIssue(line: record.line, FieldError(field: "code", code: .missing))) }
            else if !ArrivalReport.isCountyCode(code) { issues.append(ImportIssue(line: record.line, FieldError(field: "code", code: .format))) }
            else if rows[code] != nil { issues.append(ImportIssue(line: record.line, field: "code", code: .duplicateInFile)) }
            if name.isEmpty { issues.append(ImportIssue(line: record.line, FieldError(field: "name", code: .missing))) }
            else if name.count > 60 { issues.append(ImportIssue(line: record.line, FieldError(field: "name", code: .tooLong))) }
            let risk = AreaRisk(rawValue: riskText)
            if !riskText.isEmpty, risk == nil { issues.append(ImportIssue(line: record.line, FieldError(field: "risk", code: .unknownValue))) }
            rows[code] = [.text(code), .text(name), .text(risk?.rawValue), .text(actor.name), .int(now)]
        }
        guard issues.isEmpty else { throw ImportFailure(issues: issues) }
        let sorted = rows.keys.sorted().map { rows[$0]! }
        try await database.write { session in
            try await session.upsert(into: "origins", columns: ["code", "name", "risk", "updated_by", "updated_at"], key: "code", rows: sorted)
            try await Journal.append(session, actor: actor, action: "origins.import", subjectType: "origins", subjectID: "-", reason: "import",
                                     detail: "\(sorted.count) origins")
        }
        return sorted.count
    }

    /// Sets one origin's risk level (nil clears it), as the national list changes.
    public func setOriginRisk(code: String, risk: AreaRisk?, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.keepOrigins)
        try await database.write { session in
            guard try await session.execute("UPDATE origins SET risk = ?, updated_by = ?, updated_at = ? WHERE code = ? RETURNING code",
                                           binds: [.text(risk?.rawValue), .text(actor.name), .int(now), .text(code)], returning: [.text]).first != nil
            else { throw FieldErrors(errors: [FieldError(field: "origin_code", code: .unknownArea)]) }
            try await Journal.append(session, actor: actor, action: "origins.set_risk", subjectType: "origin", subjectID: code,
                                     reason: risk?.rawValue ?? "none")
        }
    }

    /// Origins whose code or name starts with `prefix`, at-risk first; anyone may read the list (the arrival form
    /// needs it before sign-in).
    public func origins(matching prefix: String = "", limit: Int = 200) async throws -> [Origin] {
        let p = prefix.trimmingSpaces()
        return try await database.read { session in
            try await session.select("""
                SELECT code, name, risk FROM origins WHERE (? = '' OR code LIKE ? OR name LIKE ?)
                ORDER BY CASE risk WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, code LIMIT \(max(1, min(limit, 5_000)))
                """, binds: [.text(p), .text(p + "%"), .text(p + "%")], types: [.text, .text, .text]).map {
                Origin(code: $0[0].text!, name: $0[1].text!, risk: $0[2].text.flatMap(AreaRisk.init))
            }
        }
    }

    /// The whole list in the import format, for the next import or another city.
    public func exportOriginsCSV() async throws -> String {
        var text = CSVWriter.line(Self.originColumns.required + Self.originColumns.optional)
        for origin in try await origins(limit: 5_000).sorted(by: { $0.code < $1.code }) {
            text += CSVWriter.line([origin.code, origin.name, origin.risk?.rawValue ?? ""])
        }
        return text
    }

}
