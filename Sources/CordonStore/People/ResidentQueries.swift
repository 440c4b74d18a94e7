import CordonDomain
import Foundation
import SQLKit

extension Registry {
    /// Searches residents inside the actor's jurisdiction by name prefix, address fragment, the last four digits of
    /// an ID or phone number, or a whole ID or phone number.
    public func search(_ text: String, actor: Actor, limit: Int = 50, today: CivilDate) async throws -> [ResidentListItem] {
        try actor.require(.readResidents)
        let q = text.trimmingSpaces()
        guard !q.isEmpty else { return [] }
        let scope = actor.jurisdiction
        var condition: SQLQueryString
        let digits = q.uppercased().allSatisfy { $0.isNumber || $0 == "X" }
        if digits && q.count == 4 {
            condition = "(id_number_masked LIKE \(bind: "%" + q.uppercased()) OR phone_masked LIKE \(bind: "%" + q))"
        } else if let phone = try? PhoneNumber(q) {
            condition = "phone_hash = \(bind: cipher.searchHash(phone.value))"
        } else if digits && q.count >= 15 {
            condition = "id_number_hash = \(bind: cipher.searchHash(q.uppercased()))"
        } else {
            let escaped = q.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
            condition = "(name LIKE \(bind: escaped + "%") OR address LIKE \(bind: "%" + escaped + "%"))"
        }
        let limit = max(1, min(limit, 500))
        let query: SQLQueryString = """
            SELECT id, name, id_number_masked, phone_masked, address, birth_date FROM residents
            WHERE \(unsafeRaw: scope.column()) = \(bind: scope.id) AND \(condition)
            ORDER BY name, id LIMIT \(unsafeRaw: String(limit))
            """
        return try await database.read { session in
            try await session.sql.raw(query).all().map { row in
                let birth = CivilDate(iso: try row.decode(column: "birth_date", as: String.self)) ?? today
                return ResidentListItem(id: try row.decode(column: "id"), name: try row.decode(column: "name"),
                                        idNumber: try row.decode(column: "id_number_masked"),
                                        phone: try row.decode(column: "phone_masked", as: String?.self),
                                        address: try row.decode(column: "address"), age: birth.age(on: today))
            }
        }
    }

    /// Opens one resident's record and writes the read to the audit log in the same transaction, so no read goes
    /// unrecorded. Outside the actor's jurisdiction the resident does not exist.
    public func resident(id: Int64, actor: Actor, purpose: String, today: CivilDate) async throws -> ResidentRecord {
        let userID = try actor.requireUser(.readResidents)
        let scope = actor.jurisdiction
        let cipher = self.cipher
        return try await database.write { session in
            guard let row = try await session.sql.raw("""
                SELECT id, name, id_kind, id_number_enc, id_number_masked, birth_date, sex, phone_enc, phone_masked, groups,
                       household_id, address FROM residents
                WHERE id = \(bind: id) AND \(unsafeRaw: scope.column()) = \(bind: scope.id)
                """).first() else { throw StoreError(.notFound, "no such resident") }
            try await session.sql.raw("""
                INSERT INTO audit_reads (at, user_id, username, resident_id, purpose)
                VALUES (\(bind: clock.now()), \(bind: userID), \(bind: actor.name), \(bind: id), \(bind: purpose))
                """).run()
            let unmasked = actor.role.may(.seeIdentifiers)
            let birth = CivilDate(iso: try row.decode(column: "birth_date", as: String.self)) ?? today
            var groups = SpecialGroup.derived(birthDate: birth, on: today)
            groups += try row.decode(column: "groups", as: String.self).split(separator: ";").compactMap { SpecialGroup(rawValue: String($0)) }
            let phoneEnc = try row.decode(column: "phone_enc", as: String?.self)
            let links = try await Self.proxyLinks(session.sql, residentID: id, unmasked: unmasked, cipher: cipher)
            return ResidentRecord(
                id: id, name: try row.decode(column: "name"),
                idKind: IDKind(rawValue: try row.decode(column: "id_kind")) ?? .residentCard,
                idNumber: unmasked ? try cipher.open(try row.decode(column: "id_number_enc")) : try row.decode(column: "id_number_masked"),
                birthDate: birth, sex: Sex(rawValue: try row.decode(column: "sex")) ?? .female,
                phone: unmasked ? try phoneEnc.map(cipher.open) : try row.decode(column: "phone_masked", as: String?.self),
                groups: groups, householdID: try row.decode(column: "household_id"), address: try row.decode(column: "address"),
                unmasked: unmasked, proxies: links.proxies, actsFor: links.actsFor)
        }
    }

    /// Audited reads, newest first, filtered by who read or whose record was read.
    public func auditReads(username: String?, residentID: Int64?, actor: Actor, limit: Int = 200) async throws -> [AuditRead] {
        try actor.require(.readAuditLog)
        var query: SQLQueryString = """
            SELECT a.id, a.at, a.username, a.resident_id, a.purpose, r.name FROM audit_reads a
            JOIN residents r ON r.id = a.resident_id WHERE 1 = 1
            """
        if let username, !username.isEmpty { query.appendInterpolation(unsafeRaw: " AND a.username = "); query.appendInterpolation(bind: username) }
        if let residentID { query.appendInterpolation(unsafeRaw: " AND a.resident_id = "); query.appendInterpolation(bind: residentID) }
        query.appendInterpolation(unsafeRaw: " ORDER BY a.id DESC LIMIT \(max(1, min(limit, 1000)))")
        let final = query
        return try await database.read { session in
            try await session.sql.raw(final).all().map { row in
                AuditRead(id: try row.decode(column: "id"), at: try row.decode(column: "at"), username: try row.decode(column: "username"),
                          residentID: try row.decode(column: "resident_id"), residentName: try row.decode(column: "name"),
                          purpose: try row.decode(column: "purpose"))
            }
        }
    }
}
