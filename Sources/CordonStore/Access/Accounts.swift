import CordonDomain
import SQLKit

/// Accounts, sessions, API tokens and login throttling. Passwords arrive already hashed: hashing is the server's
/// business, so the store never sees a password.
extension Database {
    @discardableResult
    public func createUser(username: String, displayName: String, passwordHash: String, role: Role, areaID: Int64,
                           actor: Actor, reason: String) async throws -> Int64 {
        try actor.require(.manageUsers)
        let name = username.trimmingSpaces()
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
            throw StoreError(.invalid, "username must be 1–64 letters, digits, dot, dash or underscore")
        }
        return try await write { session in
            guard let area = try await Self.area(session.sql, id: areaID), actor.jurisdiction.contains(area) else {
                throw StoreError(.notFound, "no such area")
            }
            if try await session.sql.raw("SELECT id FROM users WHERE username = \(bind: name)").first() != nil {
                throw StoreError(.conflict, "username already taken")
            }
            let row = try await session.sql.raw("""
                INSERT INTO users (username, display_name, password_hash, role, area_id, created_at)
                VALUES (\(bind: name), \(bind: displayName), \(bind: passwordHash), \(bind: role.rawValue), \(bind: areaID), \(bind: clock.now()))
                RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            try await Journal.append(session, actor: actor, action: "user.create", subjectType: "user", subjectID: name,
                                     reason: reason, detail: "role \(role.rawValue), area \(area.code)")
            return id
        }
    }

    public func user(username: String) async throws -> UserRecord? {
        try await read { session in
            try await session.sql.raw("SELECT \(unsafeRaw: UserRecord.columns) FROM users u WHERE u.username = \(bind: username)")
                .first().map(UserRecord.decode)
        }
    }

    public func users(actor: Actor) async throws -> [UserRecord] {
        try actor.require(.manageUsers)
        let scope = actor.jurisdiction
        return try await read { session in
            try await session.sql.raw("""
                SELECT \(unsafeRaw: UserRecord.columns) FROM users u JOIN areas a ON a.id = u.area_id
                WHERE \(unsafeRaw: scope.column("a")) = \(bind: scope.id) ORDER BY u.username
                """).all().map(UserRecord.decode)
        }
    }

    /// The acting identity of a stored user, with their jurisdiction resolved.
    public func actor(for user: UserRecord) async throws -> Actor {
        guard let area = try await area(id: user.areaID) else { throw StoreError(.notFound, "user's area is gone") }
        return Actor(userID: user.id, name: user.username, role: user.role, jurisdiction: area, labID: user.labID)
    }

    public func setLanguage(_ language: String, userID: Int64) async throws {
        guard language == "zh-Hans" || language == "en" else { throw StoreError(.invalid, "unsupported language") }
        try await write { session in
            try await session.sql.raw("UPDATE users SET language = \(bind: language) WHERE id = \(bind: userID)").run()
        }
    }

    public func setPassword(hash: String, username: String, actor: Actor, reason: String) async throws {
        try await write { session in
            let row = try await session.sql.raw("UPDATE users SET password_hash = \(bind: hash) WHERE username = \(bind: username) RETURNING id").first()
            guard row != nil else { throw StoreError(.notFound, "no such user") }
            try await session.sql.raw("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = \(bind: username))").run()
            try await Journal.append(session, actor: actor, action: "user.password", subjectType: "user", subjectID: username, reason: reason)
        }
    }

    // MARK: Sessions

    public func createSession(tokenHash: String, userID: Int64, csrfToken: String, lifetime: Int64) async throws {
        let now = clock.now()
        try await write { session in
            try await session.sql.raw("""
                INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(bind: tokenHash), \(bind: userID), \(bind: csrfToken), \(bind: now), \(bind: now + lifetime))
                """).run()
            try await session.sql.raw("DELETE FROM sessions WHERE expires_at < \(bind: now)").run()
        }
    }

    /// The live session's user and CSRF token, or nil when unknown, expired or the user is disabled.
    public func session(tokenHash: String) async throws -> (user: UserRecord, csrf: String)? {
        try await read { session in
            guard let row = try await session.sql.raw("""
                SELECT \(unsafeRaw: UserRecord.columns), s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = \(bind: tokenHash) AND s.expires_at > \(bind: clock.now()) AND u.disabled_at IS NULL
                """).first() else { return nil }
            return (try UserRecord.decode(row), try row.decode(column: "csrf_token", as: String.self))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { session in
            try await session.sql.raw("DELETE FROM sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    // MARK: Login throttling

    /// Failed logins for `username` since `since`; kept in the database so every server behind a balancer agrees.
    public func loginFailures(username: String, since: Int64) async throws -> Int {
        try await read { session in
            try await session.sql.raw("SELECT COUNT(*) AS n FROM login_failures WHERE username = \(bind: username) AND at >= \(bind: since)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    public func recordLoginFailure(username: String) async throws {
        let now = clock.now()
        try await write { session in
            try await session.sql.raw("INSERT INTO login_failures (username, at) VALUES (\(bind: username), \(bind: now))").run()
            try await session.sql.raw("DELETE FROM login_failures WHERE at < \(bind: now - 86_400)").run()
        }
    }

    public func clearLoginFailures(username: String) async throws {
        try await write { session in
            try await session.sql.raw("DELETE FROM login_failures WHERE username = \(bind: username)").run()
        }
    }

    // MARK: API tokens

    /// Creates a token and returns its secret, which is shown once and never stored.
    public func createToken(name: String, actor: Actor) async throws -> (id: Int64, secret: String) {
        guard let userID = actor.userID else { throw StoreError(.forbidden, "only users own tokens") }
        let label = name.trimmingSpaces()
        guard !label.isEmpty, label.count <= 64 else { throw StoreError(.invalid, "token name must be 1–64 characters") }
        let secret = "cdn_" + Secrets.newToken()
        let hint = String(secret.suffix(4))
        let id = try await write { session in
            let row = try await session.sql.raw("""
                INSERT INTO api_tokens (user_id, name, token_hash, hint, created_at)
                VALUES (\(bind: userID), \(bind: label), \(bind: Secrets.hash(secret)), \(bind: hint), \(bind: clock.now())) RETURNING id
                """).first()
            let id = try row?.decode(column: "id", as: Int64.self) ?? 0
            try await Journal.append(session, actor: actor, action: "token.create", subjectType: "api_token", subjectID: "\(id)", reason: label)
            return id
        }
        return (id, secret)
    }

    public func tokens(actor: Actor) async throws -> [APIToken] {
        guard let userID = actor.userID else { return [] }
        return try await read { session in
            try await session.sql.raw("""
                SELECT id, name, hint, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = \(bind: userID) ORDER BY id DESC
                """).all().map { row in
                APIToken(id: try row.decode(column: "id"), name: try row.decode(column: "name"), hint: try row.decode(column: "hint"),
                         createdAt: try row.decode(column: "created_at"), lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self),
                         revoked: try row.decode(column: "revoked_at", as: Int64?.self) != nil)
            }
        }
    }

    public func revokeToken(id: Int64, actor: Actor) async throws {
        guard let userID = actor.userID else { throw StoreError(.forbidden, "only users own tokens") }
        try await write { session in
            let row = try await session.sql.raw("""
                UPDATE api_tokens SET revoked_at = \(bind: clock.now()) WHERE id = \(bind: id) AND user_id = \(bind: userID) AND revoked_at IS NULL RETURNING id
                """).first()
            guard row != nil else { throw StoreError(.notFound, "no such token") }
            try await Journal.append(session, actor: actor, action: "token.revoke", subjectType: "api_token", subjectID: "\(id)", reason: "revoked by owner")
        }
    }

    /// The user a bearer token belongs to, if it is live.
    public func user(apiToken secret: String) async throws -> UserRecord? {
        let hash = Secrets.hash(secret)
        return try await read { session in
            try await session.sql.raw("""
                SELECT \(unsafeRaw: UserRecord.columns) FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.revoked_at IS NULL AND u.disabled_at IS NULL
                """).first().map(UserRecord.decode)
        }
    }
}

extension Database {
    /// Ties a citizen's account to the resident they are, so they see their own code and those they act for.
    public func linkCitizen(username: String, residentID: Int64, actor: Actor) async throws {
        try actor.require(.manageUsers)
        let scope = actor.jurisdiction
        try await write { session in
            guard try await session.select("SELECT id FROM residents WHERE id = ? AND \(scope.inside())",
                                           binds: [.int(residentID), .int(scope.id)], types: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            guard try await session.execute("UPDATE users SET resident_id = ? WHERE username = ? AND role = 'citizen' RETURNING id",
                                           binds: [.int(residentID), .text(username)], returning: [.int]).first != nil
            else { throw StoreError(.notFound, "no citizen account \(username)") }
            try await Journal.append(session, actor: actor, action: "user.resident", subjectType: "user", subjectID: username,
                                     reason: "linked to resident \(residentID)")
        }
    }
}
