import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct TokenAndSessionTests {
    @Test func apiTokensAreCreatedListedAndRevoked() async throws {
        try await AppFixture.with { _, client in
            let session = try await client.token("commander")
            let auth: HTTPFields = [.authorization: "Bearer \(session)", .contentType: "application/json"]
            let (id, secret) = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: auth,
                                                        body: ByteBuffer(string: #"{"name":"lab system"}"#)) { response in
                #expect(response.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                return (json?["id"] as? Int ?? 0, json?["token"] as? String ?? "")
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(secret)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"role\":\"commander\""))
            }
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: auth) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("lab system"))
                #expect(!body.contains(secret))
            }
            try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: auth) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(secret)"]) {
                #expect($0.status == .unauthorized)
            }
            // Someone else's token cannot be revoked by id.
            let other = try await client.token("tracer")
            try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: [.authorization: "Bearer \(other)"]) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func logoutEndsTheSessionAndTheLanguageChoiceIsRemembered() async throws {
        try await AppFixture.with { _, client in
            let (cookie, csrf) = try await client.browserLogin("commander")
            let form: HTTPFields = [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(String(buffer: response.body).contains("lang=\"zh-Hans\""))
            }
            try await client.execute(uri: "/language", method: .post, headers: form, body: ByteBuffer(string: "_csrf=\(csrf)&lang=en&back=/areas")) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/areas")
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("lang=\"en\""))
                #expect(html.contains("Sign out"))
            }
            try await client.execute(uri: "/logout", method: .post, headers: form, body: ByteBuffer(string: "_csrf=\(csrf)")) {
                #expect($0.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/login")
            }
        }
    }
}
