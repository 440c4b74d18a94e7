import CordonDomain
import SQLKit

/// A sampling site as registered: where it stands, what it serves, how many desks and when it opens.
public struct SiteRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let code: String
    public let name: String
    public let kind: SiteKind
    public let areaCode: String
    public let areaName: String
    public let desks: Int
    public let dailyCapacity: Int
    public let hours: DailyHours
}

extension Screening {
    /// Registers a sampling site in an area of the actor's jurisdiction.
    @discardableResult
    public func createSite(code: String, name: String, areaCode: String, kind: SiteKind = .community, desks: Int, dailyCapacity: Int,
                           hours: DailyHours = try! DailyHours(opens: 420, closes: 1320), actor: Actor) async throws -> Int64 {
        try actor.require(.registerSites)
        var problems: [FieldError] = []
        do { _ = try Barcode.validate(code) } catch { problems.append(FieldError(field: "code", code: error)) }
        if name.trimmingSpaces().isEmpty { problems.append(FieldError(field: "name", code: .missing)) }
        if !(1...1_000).contains(desks) { problems.append(FieldError(field: "desks", code: .outOfRange)) }
        if !(1...10_000_000).contains(dailyCapacity) { problems.append(FieldError(field: "daily_capacity", code: .outOfRange)) }
        guard problems.isEmpty else { throw FieldErrors(errors: problems) }
        let code = try Barcode.validate(code)
        return try await database.write { session in
            guard let area = try await Database.area(session.sql, code: areaCode), actor.jurisdiction.contains(area) else {
                throw StoreError(.notFound, "no area \(areaCode) in your jurisdiction")
            }
            if try await session.sql.raw("SELECT id FROM sampling_sites WHERE code = \(bind: code)").first() != nil {
                throw StoreError(.conflict, "a site with code \(code) exists already")
            }
            let id = try await session.sql.raw("""
                INSERT INTO sampling_sites (code, name, area_id, kind, desks, daily_capacity, opens_minute, closes_minute, created_at)
                VALUES (\(bind: code), \(bind: name), \(bind: area.id), \(bind: kind.rawValue), \(bind: desks), \(bind: dailyCapacity),
                        \(bind: hours.opens), \(bind: hours.closes), \(bind: clock.now())) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await Journal.append(session, actor: actor, action: "site.create", subjectType: "sampling_site", subjectID: code, reason: name,
                                     detail: "\(kind.rawValue) \(hours.text)")
            return id
        }
    }

    /// Sites standing under `area`, by code.
    public func sites(under area: Area, limit: Int = 500) async throws -> [SiteRecord] {
        try await database.read { session in
            try await session.select("""
                SELECT s.id, s.code, s.name, s.kind, a.code, a.name, s.desks, s.daily_capacity, s.opens_minute, s.closes_minute
                FROM sampling_sites s JOIN areas a ON a.id = s.area_id WHERE \(area.inside("a")) ORDER BY s.code LIMIT \(max(1, min(limit, 5_000)))
                """, binds: [.int(area.id)], types: [.int, .text, .text, .text, .text, .text, .int, .int, .int, .int]).map(Self.siteRecord)
        }
    }

    /// The sites a sampler working in `area` may stand at: those of its community (sites stand in communities, samplers
    /// are often assigned a grid), or of the whole area when it is a community or larger.
    public func sites(near area: Area) async throws -> [SiteRecord] {
        guard area.level > .community, let community = area.ancestors[.community] else { return try await sites(under: area) }
        return try await database.read { session in
            try await session.select("""
                SELECT s.id, s.code, s.name, s.kind, a.code, a.name, s.desks, s.daily_capacity, s.opens_minute, s.closes_minute
                FROM sampling_sites s JOIN areas a ON a.id = s.area_id WHERE a.community_id = ? ORDER BY s.code LIMIT 500
                """, binds: [.int(community)], types: [.int, .text, .text, .text, .text, .text, .int, .int, .int, .int]).map(Self.siteRecord)
        }
    }

    static func siteRecord(_ r: [SQLValue]) -> SiteRecord {
        SiteRecord(id: r[0].int!, code: r[1].text!, name: r[2].text!, kind: r[3].text.flatMap(SiteKind.init) ?? .community,
                   areaCode: r[4].text!, areaName: r[5].text!, desks: Int(r[6].int ?? 1), dailyCapacity: Int(r[7].int ?? 0),
                   hours: (try? DailyHours(opens: Int(r[8].int ?? 0), closes: Int(r[9].int ?? 1440))) ?? .allDay)
    }
}
