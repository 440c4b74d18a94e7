import CordonDomain
import SQLKit

/// An area as a CSV row or a form submits it.
public struct NewArea: Sendable, Hashable {
    public var code: String
    public var name: String
    public var level: AreaLevel
    /// Empty for the city root.
    public var parentCode: String

    public init(code: String, name: String, level: AreaLevel, parentCode: String) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }
}

extension Database {
    public static let areaColumns = ["code", "name", "level", "parent_code"]

    /// Imports an area CSV (`code,name,level,parent_code`) as one transaction. Parents may be earlier rows of the
    /// same file or areas already stored. Any bad row refuses the whole file with every issue found.
    @discardableResult
    public func importAreas(csv bytes: [UInt8], actor: Actor, reason: String) async throws -> Int {
        // Refused before the file is read, so a role that may not load areas learns nothing about the file either.
        try actor.require(.keepAreas)
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: Self.areaColumns, optional: [])
        } catch { throw ImportFailure(issues: [error]) }
        var rows: [(line: Int, area: NewArea)] = []
        var issues: [ImportIssue] = []
        for record in reader.records {
            guard record.fields.count == reader.header.count else {
                issues.append(ImportIssue(line: record.line, field: nil, code: .fieldCount))
                continue
            }
            func field(_ name: String) -> String { record.fields[index[name]!].trimmingSpaces() }
            do throws(FieldError) {
                let code: String
                do { code = try Area.validateCode(field("code")) } catch { throw FieldError(field: "code", code: error) }
                let name = field("name")
                guard !name.isEmpty else { throw FieldError(field: "name", code: .missing) }
                guard name.count <= 100 else { throw FieldError(field: "name", code: .tooLong) }
                guard let level = AreaLevel(rawValue: field("level")) else {
                    throw FieldError(field: "level", code: field("level").isEmpty ? .missing : .unknownValue)
                }
                rows.append((record.line, NewArea(code: code, name: name, level: level, parentCode: field("parent_code"))))
            } catch {
                issues.append(ImportIssue(line: record.line, error))
            }
        }
        guard issues.isEmpty else { throw ImportFailure(issues: issues) }
        return try await insertAreas(rows, actor: actor, reason: reason)
    }

    /// Creates one area under an existing parent.
    @discardableResult
    public func createArea(_ area: NewArea, actor: Actor, reason: String) async throws -> Int64 {
        try await insertAreas([(1, area)], actor: actor, reason: reason)
        guard let created = try await self.area(code: area.code) else { throw StoreError(.notFound, "area vanished") }
        return created.id
    }

    private func insertAreas(_ rows: [(line: Int, area: NewArea)], actor: Actor, reason: String) async throws -> Int {
        try actor.require(.keepAreas)
        return try await write { session in
            var nextID = try await session.nextID(of: "areas")
            var known: [String: Area] = [:]
            var issues: [ImportIssue] = []
            var values: [[SQLValue]] = []
            let now = clock.now()
            for (line, new) in rows {
                let stored = try await Self.area(session.sql, code: new.code)
                if known[new.code] != nil || stored != nil {
                    issues.append(ImportIssue(line: line, field: "code", code: .field, fieldCode: .duplicate))
                    continue
                }
                var parent: Area?
                if new.level == .city {
                    guard new.parentCode.isEmpty else { issues.append(ImportIssue(line: line, field: "parent_code", code: .wrongLevel)); continue }
                } else {
                    if let p = known[new.parentCode] {
                        parent = p
                    } else {
                        parent = try await Self.area(session.sql, code: new.parentCode)
                    }
                    guard let parent else {
                        issues.append(ImportIssue(line: line, field: "parent_code", code: .field,
                                                  fieldCode: new.parentCode.isEmpty ? .missing : .unknownArea))
                        continue
                    }
                    guard parent.level.canParent(new.level) else {
                        issues.append(ImportIssue(line: line, field: "level", code: .wrongLevel))
                        continue
                    }
                    guard actor.isOperator || actor.jurisdiction.contains(parent) else {
                        issues.append(ImportIssue(line: line, field: "parent_code", code: .field, fieldCode: .unknownArea))
                        continue
                    }
                }
                let id = nextID
                nextID += 1
                let path = (parent?.ancestors ?? AreaPath()).extended(level: new.level, id: id)
                let area = Area(id: id, code: new.code, name: new.name, level: new.level, parentID: parent?.id, ancestors: path)
                known[new.code] = area
                values.append(Self.areaValues(area, createdAt: now))
            }
            guard issues.isEmpty else { throw ImportFailure(issues: issues) }
            try await session.insert(into: "areas", columns: Self.areaInsertColumns, rows: values)
            try await session.syncIdentity(of: "areas")
            try await Journal.append(session, actor: actor, action: rows.count == 1 ? "area.create" : "area.import",
                                     subjectType: "area", subjectID: rows.count == 1 ? rows[0].area.code : "\(rows.count) areas",
                                     reason: reason)
            return values.count
        }
    }

    public static let areaInsertColumns = ["id", "code", "name", "level", "parent_id"] + AreaRow.ancestorColumns + ["created_at"]

    public static func areaValues(_ area: Area, createdAt: Int64) -> [SQLValue] {
        [.int(area.id), .text(area.code), .text(area.name), .text(area.level.rawValue), .int(area.parentID)]
            + AreaLevel.allCases.map { .int(area.ancestors[$0]) } + [.int(createdAt)]
    }

    /// Every area under the actor's jurisdiction as CSV in the import format, parents before children.
    public func exportAreasCSV(actor: Actor) async throws -> String {
        try await read { session in
            let scope = actor.jurisdiction
            let rows = try await session.sql.raw("""
                SELECT a.code, a.name, a.level, p.code AS parent_code FROM areas a LEFT JOIN areas p ON p.id = a.parent_id
                WHERE \(unsafeRaw: scope.column("a")) = \(bind: scope.id) ORDER BY a.id
                """).all()
            var out = Self.areaColumns.joined(separator: ",") + "\n"
            for row in rows {
                let fields = [try row.decode(column: "code", as: String.self), try row.decode(column: "name", as: String.self),
                              try row.decode(column: "level", as: String.self), try row.decode(column: "parent_code", as: String?.self) ?? ""]
                out += CSVWriter.line(fields)
            }
            return out
        }
    }
}
