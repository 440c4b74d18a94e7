@testable import CordonServer
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct MethodNotAllowedTests {
    @Test func patternsMatchWholeSegments() {
        #expect(RouteTable.matches(["api", "v1", "cases", "{id}"], ["api", "v1", "cases", "7"]))
        #expect(!RouteTable.matches(["api", "v1", "cases", "{id}"], ["api", "v1", "cases"]))
        #expect(!RouteTable.matches(["api", "v1", "cases", "{id}"], ["api", "v1", "cases", "7", "contacts"]))
        #expect(RouteTable.matches(["static", "**"], ["static", "a", "b"]))
        #expect(!RouteTable.matches(["api", "v1", "me"], ["api", "v1", "you"]))
    }

    /// A path the router has under another method is 405 with Allow; an unknown path, or a record a handler does not
    /// find, stays 404.
    @Test func aKnownPathWithTheWrongMethodIs405() async throws {
        try await AppFixture.with { _, client in
            let token = try await client.token("commander")
            try await client.execute(uri: "/api/v1/me", method: .delete, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
                #expect(String(buffer: response.body).contains("method_not_allowed"))
            }
            try await client.execute(uri: "/api/v1/no-such-thing", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/residents/999999", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
