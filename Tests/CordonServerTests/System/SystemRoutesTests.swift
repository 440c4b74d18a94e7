import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct SystemRoutesTests {
    @Test func theOpenAPIDocumentDescribesEveryAPIRoute() async throws {
        try await AppFixture.with { fixture, client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((json?["openapi"] as? String)?.hasPrefix("3.") == true)
                let paths = json?["paths"] as? [String: [String: Any]] ?? [:]
                // Every API route the router holds, read from the router itself so a new one cannot be forgotten.
                let router = try await buildRouter(fixture.deps)
                let api = router.routes.filter { "\($0.path)".hasPrefix("/api/v1") || "\($0.path)" == "/healthz" }
                #expect(api.count > 40)
                for route in api {
                    let path = "\(route.path)".replacingOccurrences(of: ":", with: "")
                    #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) missing from openapi.json")
                }
            }
            try await client.execute(uri: "/static/app.css", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/static/../Package.swift", method: .get) { #expect($0.status != .ok) }
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            }
        }
    }

    /// `/healthz` asks the database, so a server whose database is gone says so (503) instead of claiming health.
    @Test func healthReportsTheDatabaseGoingAway() async throws {
        try await AppFixture.with { fixture, client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"ok\""))
            }
            await fixture.deps.database.close()
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("unavailable"))
            }
        }
    }
}
