import CordonStore
import CordonServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct AuthRoutesTests {
    @Test func anonymousCallersAreTurnedAway() async throws {
        try await AppFixture.with { _, client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/me", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/residents?q=x", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/residents", method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer nonsense"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer scrape-secret"]) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("hb_requests{") && text.contains("http_route=\"/healthz\""), "\(text.prefix(500))")
                #expect(text.contains("cordon_uptime_seconds"))
            }
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await AppFixture.with { _, client in
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "username=admin&password=x")) { #expect($0.status == .forbidden) }
            let (cookie, csrf) = try await client.browserLogin("commander")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("id=\"home-title\""))
            }
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/tokens", method: .post, headers: form, body: ByteBuffer(string: "name=lab")) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/tokens", method: .post, headers: form, body: ByteBuffer(string: "name=lab&_csrf=\(csrf)")) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("id=\"new-token\""))
            }
        }
    }

    /// Behind TLS (`CORDON_SECURE_COOKIES`) every cookie is Secure; the session's lifetime is the configured one.
    @Test(arguments: [false, true]) func cookiesAreSecureWhenConfigured(secure: Bool) async throws {
        try await AppFixture.with(secureCookies: secure, sessionLifetime: 2 * 3600) { _, client in
            func attributes(_ response: TestResponse) -> [Set<String>] {
                response.headers[values: .setCookie].map { Set($0.components(separatedBy: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }
            }
            let (loginCookie, token) = try await client.execute(uri: "/login?lang=en", method: .get) { response in
                let cookies = attributes(response)
                #expect(cookies.count == 2)
                for cookie in cookies { #expect(cookie.contains("secure") == secure) }
                let token = String(buffer: response.body).components(separatedBy: #"name="_csrf" value=""#)[1].components(separatedBy: "\"")[0]
                return (response.headers[values: .setCookie].first { $0.hasPrefix("cordon_login_csrf=") }!.components(separatedBy: ";")[0], token)
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                     body: ByteBuffer(string: "_csrf=\(token)&username=commander&password=\(AppFixture.password.replacingOccurrences(of: " ", with: "+"))")) { response in
                let session = response.headers[values: .setCookie].first { $0.hasPrefix("cordon_session=") }!
                let parts = attributes(response)[0]
                #expect(parts.contains("secure") == secure)
                #expect(parts.contains("httponly"))
                #expect(parts.contains("max-age=7200"), "\(session)")
            }
        }
    }

    @Test func repeatedFailuresAreThrottled() async throws {
        try await AppFixture.with { _, client in
            let bad = ByteBuffer(string: #"{"username":"admin","password":"wrong-password"}"#)
            for _ in 0..<5 {
                try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: bad) {
                    #expect($0.status == .unauthorized)
                }
            }
            try await client.execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: bad) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
            }
        }
    }
}
