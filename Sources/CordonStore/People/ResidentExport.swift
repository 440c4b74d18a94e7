import CordonDomain
import SQLKit

extension Registry {
    /// Every resident under the actor's jurisdiction in the import format, identifiers decrypted so the file
    /// imports again. Only roles that import may export, and each export is journaled.
    public func exportResidentsCSV(actor: Actor) async throws -> String {
        // The export carries full ID numbers and phones: a district officer's, or the operator's at the command line.
        // An admin loads the registry but reads no one in it.
        try actor.require(.exportRegistry)
        let scope = actor.jurisdiction
        let cipher = self.cipher
        let rows = try await database.read { session in
            try await session.sql.raw("""
                SELECT r.name, r.id_kind, r.id_number_enc, r.birth_date, r.sex, r.phone_enc, a.code, r.groups, r.work_group,
                       (SELECT p.id_number_enc FROM family_proxies f JOIN residents p ON p.id = f.proxy_id
                        WHERE f.resident_id = r.id ORDER BY f.proxy_id LIMIT 1) AS proxy_enc,
                       (SELECT f.relation FROM family_proxies f WHERE f.resident_id = r.id ORDER BY f.proxy_id LIMIT 1) AS proxy_relation
                FROM residents r JOIN areas a ON a.id = r.household_id
                WHERE \(unsafeRaw: scope.column("r")) = \(bind: scope.id) ORDER BY r.id
                """).all()
        }
        var out = Self.exportColumns.joined(separator: ",") + "\n"
        out.reserveCapacity(rows.count * 100)
        for row in rows {
            let phone = try row.decode(column: "phone_enc", as: String?.self).map(cipher.open) ?? ""
            out += CSVWriter.line([try row.decode(column: "name"), try row.decode(column: "id_kind"),
                                   try cipher.open(try row.decode(column: "id_number_enc")), try row.decode(column: "birth_date"),
                                   try row.decode(column: "sex"), phone, try row.decode(column: "code"), try row.decode(column: "groups"),
                                   try row.decode(column: "work_group", as: String?.self) ?? "",
                                   try row.decode(column: "proxy_enc", as: String?.self).map(cipher.open) ?? "",
                                   try row.decode(column: "proxy_relation", as: String?.self) ?? ""])
        }
        try await database.write { session in
            try await Journal.append(session, actor: actor, action: "resident.export", subjectType: "resident",
                                     subjectID: "\(rows.count) residents", reason: "export under \(scope.code)")
        }
        return out
    }
}
