import CordonServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// A query parameter that is there but malformed is refused, naming it, instead of being read as absent (schemathesis
/// found them answered as if the caller had asked for everything).
@Suite struct QueryParametersTests {
    @Test func malformedQueryValuesAreRefused() async throws {
        try await AppFixture.with { _, client in
            let commander = try await client.token("commander")
            for uri in ["/api/v1/screening/overdue?round=abc", "/api/v1/screening/routine?area=99999999999999999999999",
                        "/api/v1/residents?q=居民&limit=0", "/api/v1/residents?q=居民&limit=501", "/api/v1/risk-areas?ended=maybe",
                        "/api/v1/directives?all=yes", "/api/v1/cases?open=AAA", "/api/v1/codes/manual?pending=AAA",
                        "/api/v1/quarantine/assignments?active=AAA", "/api/v1/screening/routine?format=xml"] {
                let (json, _) = try await call(client, .get, uri, token: commander, expect: .badRequest)
                #expect(issues(json).count == 1, "\(uri): \(json)")
            }
            for uri in ["/api/v1/screening/overdue?round=", "/api/v1/residents?q=居民&limit=500", "/api/v1/risk-areas?ended=1", "/api/v1/directives?all=false",
                        "/api/v1/cases?open=true", "/api/v1/codes/manual?pending=1", "/api/v1/quarantine/assignments?active=0",
                        "/api/v1/screening/routine?format=csv", "/api/v1/screening/routine?format="] {
                _ = try await call(client, .get, uri, token: commander, expect: .ok)
            }
        }
    }
}
