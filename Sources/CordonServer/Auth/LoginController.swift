import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Login, logout and the language switch, for browsers and for programs.
struct LoginController {
    let deps: Dependencies
    let views: Views
    /// A real hash of nothing, verified for unknown usernames so timing does not reveal which names exist.
    let dummyHash: String

    static let loginCSRFCookie = "cordon_login_csrf"
    static let maxFailures = 5
    static let failureWindow: Int64 = 15 * 60

    func addPublicRoutes(to router: Router<AppContext>) {
        router.get("/login", use: showLogin)
        router.post("/login", use: login)
        router.post("/api/v1/session", use: apiLogin)
    }

    func addProtectedRoutes(to group: RouterGroup<AppContext>) {
        group.post("/logout", use: logout)
        group.post("/language", use: switchLanguage)
    }

    @Sendable func showLogin(_ request: Request, context: AppContext) async throws -> Response {
        if context.identity != nil { return Views.redirect("/") }
        guard let tag = request.uri.queryParameters["lang"].map(String.init) else { return loginPage(context: context, error: nil, status: .ok) }
        var context = context
        context.language = Language(tag: tag)
        var response = loginPage(context: context, error: nil, status: .ok)
        response.setCookie(cookie(IdentityMiddleware.languageCookie, context.language.rawValue, maxAge: 365 * 86_400))
        return response
    }

    /// The sign-in form with its double-submit token, and why the last try failed.
    struct LoginPage: PageModel {
        let loginCsrf: String
        let error: String?
    }

    private func loginPage(context: AppContext, error: String?, status: HTTPResponse.Status) -> Response {
        let token = Secrets.newToken()
        var response = views.page("login", LoginPage(loginCsrf: token, error: error), context: context, status: status)
        response.setCookie(cookie(Self.loginCSRFCookie, token, path: "/login", sameSite: .strict))
        return response
    }

    /// The sign-in page's form. A blank field fails like a wrong password, on the page, without saying which.
    struct SignInForm: Decodable {
        let csrf: String?
        let username: String?
        let password: String?

        enum CodingKeys: String, CodingKey {
            case csrf = "_csrf"
            case username, password
        }
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await request.decode(as: SignInForm.self, context: context)
        // Double-submit token: a page on another site cannot read our cookie to copy it into its form.
        guard let sent = request.cookies[Self.loginCSRFCookie]?.value, let field = form.csrf, constantTimeEqual(sent, field) else {
            throw AppError.csrf
        }
        let username = (form.username ?? "").trimmingSpaces()
        do {
            let (token, role) = try await authenticate(username: username, password: form.password ?? "")
            var response = Views.redirect(Navigation.landing(for: role))
            response.setCookie(cookie(IdentityMiddleware.sessionCookie, token, maxAge: Int(deps.sessionLifetime)))
            return response
        } catch AppError.unauthenticated {
            return loginPage(context: context, error: views.strings("login_failed", context.language), status: .unauthorized)
        } catch AppError.throttled(let seconds) {
            var response = loginPage(context: context, error: views.strings("request.throttled", context.language), status: .tooManyRequests)
            response.headers[.retryAfter] = "\(seconds)"
            return response
        }
    }

    struct Credentials: Decodable {
        let username: String
        let password: String
    }

    struct SessionBody: Encodable {
        let token: String
        let expiresIn: Int64
    }

    @Sendable func apiLogin(_ request: Request, context: AppContext) async throws -> Response {
        let credentials = try await request.decode(as: Credentials.self, context: context)
        let token = try await authenticate(username: credentials.username, password: credentials.password)
        return try JSON.response(SessionBody(token: token.token, expiresIn: deps.sessionLifetime), status: .created)
    }

    /// Checks a password with throttling and returns a new session token.
    private func authenticate(username: String, password: String) async throws -> (token: String, role: Role) {
        let database = deps.database
        let since = Int64(Date().timeIntervalSince1970) - Self.failureWindow
        if try await database.loginFailures(username: username, since: since) >= Self.maxFailures {
            throw AppError.throttled(retryAfter: Int(Self.failureWindow))
        }
        let user = try await database.user(username: username)
        let hash = user?.passwordHash ?? dummyHash
        let matches = try await deps.passwords.verify(password, hash: hash)
        guard let user, matches, !user.disabled else {
            try await database.recordLoginFailure(username: username)
            throw AppError.unauthenticated
        }
        try await database.clearLoginFailures(username: username)
        let token = Secrets.newToken()
        try await database.createSession(tokenHash: Secrets.hash(token), userID: user.id, csrfToken: Secrets.newToken(),
                                         lifetime: deps.sessionLifetime)
        return (token, user.role)
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        if let cookie = request.cookies[IdentityMiddleware.sessionCookie]?.value {
            try await deps.database.deleteSession(tokenHash: Secrets.hash(cookie))
        }
        var response = Views.redirect("/login")
        response.setCookie(cookie(IdentityMiddleware.sessionCookie, "", maxAge: 0))
        return response
    }

    /// The language switch in every page's footer, and the page to go back to (on this site only).
    struct LanguageChoice: Decodable {
        let lang: String?
        let back: String?
    }

    @Sendable func switchLanguage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let form = try await request.decode(as: LanguageChoice.self, context: context)
        let language = Language(tag: form.lang)
        try await deps.database.setLanguage(language.rawValue, userID: identity.user.id)
        var response = Views.redirect(form.back.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil } ?? "/")
        response.setCookie(cookie(IdentityMiddleware.languageCookie, language.rawValue, maxAge: 365 * 86_400))
        return response
    }

    /// Every cookie this server sets: HTTP-only, and `Secure` when the deployment says it is behind TLS.
    private func cookie(_ name: String, _ value: String, maxAge: Int? = nil, path: String = "/", sameSite: Cookie.SameSite = .lax) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: path, secure: deps.secureCookies, httpOnly: true, sameSite: sameSite)
    }
}
