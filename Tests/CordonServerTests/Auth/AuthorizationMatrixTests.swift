@testable import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every route the router has, generated from the router itself so that a new route cannot be left out, called
/// anonymously and as every role of the fixture, in and out of jurisdiction where the route names a person.
@Suite struct AuthorizationMatrixTests {
    /// The routes anyone may call: signing in; what the public is shown (sampling sites, risk areas and points); the
    /// forms of people without an account (a traveller's one-scan registration, an arrival's report); the pass keys;
    /// liveness, metrics (behind their own token) and the API description. Everything else must refuse an anonymous
    /// caller: 401 under `/api/`, a redirect to the login page otherwise.
    static let open: Set<String> = [
        "GET /login", "POST /login", "GET /language/{code}", "POST /api/v1/session",
        "GET /public/sites", "GET /public/risk-areas", "GET /api/v1/public/risk-areas", "GET /risk-points", "GET /api/v1/risk-points",
        "GET /travel", "POST /travel", "POST /api/v1/travel-registrations", "GET /arrive", "POST /arrive", "POST /api/v1/public/arrivals",
        "GET /api/v1/trust-list", "GET /healthz", "GET /openapi.json", "GET /metrics", "GET /static/{file}",
    ]

    /// A concrete path for a route pattern: ids become 1, codes an area code of the fixture.
    static func concrete(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { part -> String in
            guard part.hasPrefix("{") || part.hasPrefix(":") else { return String(part) }
            let name = part.trimmingCharacters(in: CharacterSet(charactersIn: "{}:"))
            switch name {
            case "code": return "D1"
            case "file": return "app.css"
            case "barcode": return "T0000001"
            default: return "1"
            }
        }.joined(separator: "/")
    }

    static func routes(_ deps: Dependencies) async throws -> [(method: HTTPRequest.Method, pattern: String)] {
        try await buildRouter(deps).routes.map { ($0.method, "\($0.path)") }
    }

    @Test func everyRouteRefusesAnAnonymousCallerUnlessItIsOpen() async throws {
        try await AppFixture.with { fixture, client in
            let routes = try await Self.routes(fixture.deps)
            #expect(routes.count > 150)
            var wrong: [String] = []
            for (method, pattern) in routes {
                let key = "\(method) \(pattern)"
                let (status, location) = try await client.execute(uri: Self.concrete(pattern), method: method,
                                                                 headers: [.contentType: "application/json"], body: ByteBuffer()) { response in
                    (response.status, response.headers[.location] ?? "")
                }
                let refused = pattern.hasPrefix("/api/") ? status == .unauthorized : (status.code / 100 == 3 && location.hasPrefix("/login"))
                if Self.open.contains(key) {
                    if refused { wrong.append("\(key) is listed as open but refuses: \(status.code)") }
                } else if !refused {
                    wrong.append("\(key) answers an anonymous caller with \(status.code) \(location)")
                }
            }
            #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        }
    }

    /// As every role: no route answers 5xx, whatever the role and even with an empty body; a lab operator and an admin
    /// never receive a resident's name; and a person outside the caller's district is not found.
    @Test func everyRouteAnswersEveryRoleWithoutFailingOrLeaking() async throws {
        try await AppFixture.with { fixture, client in
            let routes = try await Self.routes(fixture.deps)
            let names = ["居民1", "居民2"]
            let outside = try await fixture.residentID(named: "居民2")  // lives in D2
            var wrong: [String] = []
            for user in ["commander", "tracer", "grid", "admin", "auditor", "officer", "sampler", "lab"] {
                let token = try await client.token(user)
                for (method, pattern) in routes where !["/logout", "/api/v1/session"].contains(pattern) {
                    let uri = Self.concrete(pattern)
                    let (status, body) = try await client.execute(uri: uri, method: method,
                                                                 headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                                                 body: ByteBuffer()) { ($0.status, String(buffer: $0.body)) }
                    if status.code >= 500 { wrong.append("\(user): \(method) \(uri) answers \(status.code)") }
                    if ["lab", "admin"].contains(user), status.code / 100 == 2, let name = names.first(where: body.contains) {
                        wrong.append("\(user): \(method) \(uri) shows the name \(name)")
                    }
                }
                // The officer and the grid worker work in D1; 居民2 lives in D2.
                if ["officer", "grid"].contains(user) {
                    for pattern in routes.map(\.pattern) where pattern.hasPrefix("/api/v1/residents/{id}") && !pattern.contains("proxies") {
                        let uri = Self.concrete(pattern).replacingOccurrences(of: "/residents/1", with: "/residents/\(outside)")
                        let status = try await client.execute(uri: uri, method: .get, headers: [.authorization: "Bearer \(token)"]) { $0.status }
                        if status != .notFound && status != .forbidden && status != .methodNotAllowed {
                            wrong.append("\(user): GET \(uri) outside the jurisdiction answers \(status.code)")
                        }
                    }
                }
            }
            #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        }
    }
}
