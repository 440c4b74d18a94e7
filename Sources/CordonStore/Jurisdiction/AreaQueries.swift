import CordonDomain
import SQLKit

/// A node with its resident count, as the area tree shows it.
public struct AreaSummary: Sendable, Hashable {
    public let area: Area
    public let residents: Int
}

extension Database {
    public func area(id: Int64) async throws -> Area? {
        try await read { session in try await Self.area(session.sql, id: id) }
    }

    public func area(code: String) async throws -> Area? {
        try await read { session in let db = session.sql
            return try await db.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE code = \(bind: code)").first().map(AreaRow.decode)
        }
    }

    /// The single root of the tree, if any areas exist.
    public func cityArea() async throws -> Area? {
        try await read { session in let db = session.sql
            return try await db.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE parent_id IS NULL ORDER BY id LIMIT 1").first().map(AreaRow.decode)
        }
    }

    /// An area the actor may see, or `notFound` — the same answer for "outside your jurisdiction" and "no such
    /// area", so a probe learns nothing.
    public func visibleArea(id: Int64, actor: Actor) async throws -> Area {
        guard let area = try await area(id: id), actor.jurisdiction.contains(area) else {
            throw StoreError(.notFound, "no such area")
        }
        return area
    }

    /// The ancestors of `area` from the actor's jurisdiction root down to the area itself.
    public func breadcrumbs(of area: Area, actor: Actor) async throws -> [Area] {
        let ids = AreaLevel.allCases.filter { $0 >= actor.jurisdiction.level }.compactMap { area.ancestors[$0] }
        return try await read { session in let db = session.sql
            var found: [Area] = []
            for id in ids { if let a = try await Self.area(db, id: id) { found.append(a) } }
            return found
        }
    }

    /// The children of a visible area with the number of residents living under each.
    public func children(of area: Area, actor: Actor) async throws -> [AreaSummary] {
        guard actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        return try await read { session in let db = session.sql
            let children = try await db.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE parent_id = \(bind: area.id) ORDER BY code")
                .all().map(AreaRow.decode)
            var counts: [Int64: Int] = [:]
            for level in Set(children.map(\.level)) {
                let rows = try await db.raw("""
                    SELECT \(unsafeRaw: level.rawValue)_id AS child, COUNT(*) AS n FROM residents
                    WHERE \(unsafeRaw: area.column()) = \(bind: area.id) GROUP BY \(unsafeRaw: level.rawValue)_id
                    """).all()
                for row in rows {
                    if let child = try row.decode(column: "child", as: Int64?.self) { counts[child] = try row.decode(column: "n", as: Int.self) }
                }
            }
            return children.map { AreaSummary(area: $0, residents: counts[$0.id] ?? 0) }
        }
    }

    /// Residents living under `area`.
    public func residentCount(in area: Area) async throws -> Int {
        try await read { session in let db = session.sql
            return try await db.raw("SELECT COUNT(*) AS n FROM residents WHERE \(unsafeRaw: area.column()) = \(bind: area.id)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func area(_ db: any SQLDatabase, id: Int64) async throws -> Area? {
        try await db.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE id = \(bind: id)").first().map(AreaRow.decode)
    }

    static func area(_ db: any SQLDatabase, code: String) async throws -> Area? {
        try await db.raw("SELECT \(unsafeRaw: AreaRow.columns) FROM areas WHERE code = \(bind: code)").first().map(AreaRow.decode)
    }
}
