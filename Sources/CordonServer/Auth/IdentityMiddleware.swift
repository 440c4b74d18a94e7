import CordonDomain
import CordonStore
import Hummingbird

/// Resolves the caller from the session cookie or an `Authorization: Bearer` token (an API token or a session
/// token from `POST /api/v1/session`). It only identifies; an unknown token leaves the caller anonymous and the
/// route groups decide what needs a login (`/metrics` checks its own scraper token).
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let database: Database

    static let sessionCookie = "cordon_session"
    static let languageCookie = "cordon_lang"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.language = Language(tag: request.cookies[Self.languageCookie]?.value)
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let secret = String(header.dropFirst(7)).trimmingSpaces()
            if let found = try await database.signedIn(token: secret, apiTokens: true) {
                // A bearer token is never a browser's ambient credential, so it carries no CSRF token.
                context.identity = Identity(user: found.user, actor: found.actor, csrf: nil)
            }
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, let found = try await database.signedIn(token: cookie, apiTokens: false) {
            context.identity = Identity(user: found.user, actor: found.actor, csrf: found.csrf)
        }
        if let identity = context.identity { context.language = Language(tag: identity.user.language) }
        return try await next(request, context)
    }
}
