import CordonDomain

/// Who a token belongs to, with their jurisdiction and (for a browser session) the CSRF token.
public struct SignedIn: Sendable {
    public let user: UserRecord
    public let actor: Actor
    /// Nil for API tokens, which a browser never sends by itself.
    public let csrf: String?
}

extension Database {
    /// Resolves a bearer token or session cookie in one query: API tokens and live sessions, the user and the root of
    /// their jurisdiction together. Every request but the public ones pays for this, so it is one round trip.
    /// `apiTokens` is false for a cookie, which is only ever a session.
    public func signedIn(token secret: String, apiTokens: Bool) async throws -> SignedIn? {
        let hash = Secrets.hash(secret)
        let user = "u.id, u.username, u.display_name, u.password_hash, u.role, u.area_id, u.language, u.disabled_at, u.lab_id"
        let area = (["a.id", "a.code", "a.name", "a.level", "a.parent_id"] + AreaLevel.allCases.map { "a.\($0.rawValue)_id" }).joined(separator: ", ")
        var sql = """
            SELECT \(user), \(area), s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id JOIN areas a ON a.id = u.area_id
            WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL
            """
        var binds: [SQLValue] = [.text(hash), .int(UnixTime.now())]
        if apiTokens {
            sql += """

                UNION ALL
                SELECT \(user), \(area), NULL FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN areas a ON a.id = u.area_id
                WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """
            binds.append(.text(hash))
        }
        let types: [SQLColumnType] = [.int, .text, .text, .text, .text, .int, .text, .int, .int, .int, .text, .text, .text, .int]
            + AreaLevel.allCases.map { _ in SQLColumnType.int } + [.text]
        guard let r = try await quickSelect(sql, binds: binds, types: types).first,
              let role = r[4].text.flatMap(Role.init), let level = r[12].text.flatMap(AreaLevel.init) else { return nil }
        let record = UserRecord(id: r[0].int!, username: r[1].text!, displayName: r[2].text!, passwordHash: r[3].text!, role: role,
                                areaID: r[5].int!, language: r[6].text!, disabled: r[7].int != nil, labID: r[8].int)
        var path = AreaPath()
        for (i, l) in AreaLevel.allCases.enumerated() { path[l] = r[14 + i].int }
        let jurisdiction = Area(id: r[9].int!, code: r[10].text!, name: r[11].text!, level: level, parentID: r[13].int, ancestors: path)
        let csrf = r[14 + AreaLevel.allCases.count].text
        return SignedIn(user: record, actor: Actor(userID: record.id, name: record.username, role: role, jurisdiction: jurisdiction,
                                                   labID: record.labID), csrf: csrf)
    }
}
