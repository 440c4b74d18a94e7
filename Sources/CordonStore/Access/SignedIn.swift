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
        let rows = apiTokens
            ? try await quickSelect(SignedInBySessionOrToken.self, binds: [.text(hash), .int(clock.now()), .text(hash)])
            : try await quickSelect(SignedInBySession.self, binds: [.text(hash), .int(clock.now())])
        guard let r = rows.first,
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

/// The user behind a live session, with the root of their jurisdiction and the session's CSRF token.
enum SignedInBySession: QuickRead {
    static let user = UserRecord.columns
    static let area = (["a.id", "a.code", "a.name", "a.level", "a.parent_id"] + AreaLevel.allCases.map { "a.\($0.rawValue)_id" }).joined(separator: ", ")
    static let types: [SQLColumnType] = [.int, .text, .text, .text, .text, .int, .text, .int, .int, .int, .text, .text, .text, .int]
        + AreaLevel.allCases.map { _ in SQLColumnType.int } + [.text]
    static let sql = """
        SELECT \(user), \(area), s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id JOIN areas a ON a.id = u.area_id
        WHERE s.token_hash = ? AND s.expires_at > ? AND u.disabled_at IS NULL
        """
    static let statement = QuickStatement(name: "signed_in_session", sql: sql, types: types)
}

/// The same for a bearer token, which may be a session's or a personal API token.
enum SignedInBySessionOrToken: QuickRead {
    static let statement = QuickStatement(name: "signed_in_session_or_token", sql: SignedInBySession.sql + """

        UNION ALL
        SELECT \(SignedInBySession.user), \(SignedInBySession.area), NULL FROM api_tokens t JOIN users u ON u.id = t.user_id
        JOIN areas a ON a.id = u.area_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.disabled_at IS NULL
        """, types: SignedInBySession.types)
}
