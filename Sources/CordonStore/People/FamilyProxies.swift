import CordonDomain
import SQLKit

/// A person who acts for another (a daughter for her bedridden father, a parent for a child): they may report,
/// ask for help and receive notices on the other's behalf.
public struct ProxyLink: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let phone: String?
    public let relation: String
}

extension Registry {
    /// Records that the resident with `proxyIDNumber` acts for resident `residentID`. The represented person must be
    /// inside the actor's jurisdiction; the proxy may live anywhere in the city, since relatives often do.
    public func addProxy(residentID: Int64, proxyIDNumber: String, relation: String, actor: Actor) async throws {
        let hash = cipher.searchHash(proxyIDNumber.identifierForSearch())
        try await addProxy(residentID: residentID, relation: relation, actor: actor) { session in
            guard let proxy = try await session.sql.raw("SELECT id FROM residents WHERE id_number_hash = \(bind: hash)").first()?
                .decode(column: "id", as: Int64.self) else { throw StoreError(.notFound, "no resident has that ID number") }
            return proxy
        }
    }

    /// The same with the proxy named by resident id (a household member picked from a list, the demo).
    public func addProxy(residentID: Int64, proxyResidentID: Int64, relation: String, actor: Actor) async throws {
        try await addProxy(residentID: residentID, relation: relation, actor: actor) { session in
            guard try await session.sql.raw("SELECT id FROM residents WHERE id = \(bind: proxyResidentID)").first() != nil
            else { throw StoreError(.notFound, "no such resident") }
            return proxyResidentID
        }
    }

    private func addProxy(residentID: Int64, relation: String, actor: Actor,
                          proxy resolve: @Sendable @escaping (Session) async throws -> Int64) async throws {
        try actor.require(.readResidents)
        let relation = relation.trimmingSpaces()
        guard !relation.isEmpty, relation.count <= 20 else { throw StoreError(.invalid, "relation must be 1–20 characters") }
        let scope = actor.jurisdiction
        try await database.write { session in
            guard try await session.sql.raw("""
                SELECT id FROM residents WHERE id = \(bind: residentID) AND \(unsafeRaw: scope.column()) = \(bind: scope.id)
                """).first() != nil else { throw StoreError(.notFound, "no such resident") }
            let proxy = try await resolve(session)
            guard proxy != residentID else { throw StoreError(.invalid, "a resident cannot act for themselves") }
            if try await session.sql.raw("SELECT 1 AS x FROM family_proxies WHERE resident_id = \(bind: residentID) AND proxy_id = \(bind: proxy)").first() != nil {
                throw StoreError(.conflict, "already a proxy")
            }
            try await Self.insertProxies(session, [(residentID, proxy, relation)])
            try await Journal.append(session, actor: actor, action: "resident.proxy.add", subjectType: "resident",
                                     subjectID: "\(residentID)", reason: relation, detail: "proxy \(proxy)")
        }
    }

    public func removeProxy(residentID: Int64, proxyID: Int64, actor: Actor) async throws {
        try actor.require(.readResidents)
        let scope = actor.jurisdiction
        try await database.write { session in
            let removed = try await session.sql.raw("""
                DELETE FROM family_proxies WHERE resident_id = \(bind: residentID) AND proxy_id = \(bind: proxyID)
                AND resident_id IN (SELECT id FROM residents WHERE \(unsafeRaw: scope.column()) = \(bind: scope.id)) RETURNING proxy_id
                """).first()
            guard removed != nil else { throw StoreError(.notFound, "no such proxy") }
            try await Journal.append(session, actor: actor, action: "resident.proxy.remove", subjectType: "resident",
                                     subjectID: "\(residentID)", reason: "removed", detail: "proxy \(proxyID)")
        }
    }

    static func insertProxies(_ session: Session, _ links: [(resident: Int64, proxy: Int64, relation: String)]) async throws {
        let now = session.clock.now()
        try await session.insert(into: "family_proxies", columns: ["resident_id", "proxy_id", "relation", "created_at"],
                                 rows: links.map { [.int($0.resident), .int($0.proxy), .text($0.relation), .int(now)] })
    }

    /// Who acts for the resident, and for whom the resident acts, with names and phones as the actor may see them.
    static func proxyLinks(_ db: any SQLDatabase, residentID: Int64, unmasked: Bool, cipher: FieldCipher) async throws -> (proxies: [ProxyLink], actsFor: [ProxyLink]) {
        func links(_ query: SQLQueryString) async throws -> [ProxyLink] {
            try await db.raw(query).all().map { row in
                let phone = unmasked ? try row.decode(column: "phone_enc", as: String?.self).map(cipher.open)
                                     : try row.decode(column: "phone_masked", as: String?.self)
                return ProxyLink(residentID: try row.decode(column: "id"), name: try row.decode(column: "name"), phone: phone,
                                 relation: try row.decode(column: "relation"))
            }
        }
        let proxies = try await links("""
            SELECT r.id, r.name, r.phone_enc, r.phone_masked, f.relation FROM family_proxies f JOIN residents r ON r.id = f.proxy_id
            WHERE f.resident_id = \(bind: residentID) ORDER BY r.id
            """)
        let actsFor = try await links("""
            SELECT r.id, r.name, r.phone_enc, r.phone_masked, f.relation FROM family_proxies f JOIN residents r ON r.id = f.resident_id
            WHERE f.proxy_id = \(bind: residentID) ORDER BY r.id
            """)
        return (proxies, actsFor)
    }
}
