import HTTPTypes
import CordonStore
import CordonDomain
import Hummingbird

/// Refuses anonymous callers: an API caller gets 401, a browser is sent to the login page.
/// For cookie sessions it also checks the CSRF token on every unsafe method, from the `_csrf` form field or the
/// `X-CSRF-Token` header; bearer tokens are never sent by a browser on its own, so they need none.
struct RequireLogin: RouterMiddleware {
    typealias Context = AppContext
    let api: Bool

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let identity = context.identity else {
            if api { throw AppError.unauthenticated }
            return Views.redirect("/login")
        }
        var request = request
        if let expected = identity.csrf, ![.get, .head, .options].contains(request.method) {
            var presented = request.headers[HTTPField.Name("X-CSRF-Token")!]
            if presented == nil, request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
                let body = try await request.collectBody(upTo: 1 << 20)
                presented = (try? BodyDecoder.decodeForm(CSRFField.self, from: String(buffer: body)))?.csrf
            }
            guard let presented, constantTimeEqual(presented, expected) else { throw AppError.csrf }
        }
        return try await next(request, context)
    }
}

/// The token a page's form carries in its hidden `_csrf` field.
private struct CSRFField: Decodable {
    let csrf: String?
    enum CodingKeys: String, CodingKey { case csrf = "_csrf" }
}

func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in 0..<x.count { diff |= x[i] ^ y[i] }
    return diff == 0
}
