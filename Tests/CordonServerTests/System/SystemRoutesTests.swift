import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct SystemRoutesTests {
    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        try await AppFixture.with { _, client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((json?["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = Set((json?["paths"] as? [String: Any])?.keys.map { $0 } ?? [])
                for path in ["/healthz", "/api/v1/session", "/api/v1/me", "/api/v1/areas/{id}", "/api/v1/residents", "/api/v1/residents/{id}",
                             "/api/v1/registry/residents", "/api/v1/registry/areas", "/api/v1/tokens", "/api/v1/audit", "/api/v1/users"] {
                    #expect(paths.contains(path), "\(path) missing from openapi.json")
                }
            }
            try await client.execute(uri: "/static/app.css", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/static/../Package.swift", method: .get) { #expect($0.status != .ok) }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
        }
    }
}
