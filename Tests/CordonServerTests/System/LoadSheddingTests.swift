import CordonServer
import HTTPTypes
import HummingbirdTesting
import Testing

/// The gate's arithmetic without I/O, then the real router answering 503 + Retry-After past the limits.
@Suite struct LoadSheddingTests {
    @Test func otherRequestsAreShedBeforeEssentialOnes() {
        let gate = AdmissionGate(limits: AdmissionLimits(essential: 3, other: 1))
        #expect(gate.enter(essential: false))
        #expect(!gate.enter(essential: false))
        #expect(gate.enter(essential: true))
        #expect(gate.enter(essential: true))
        #expect(!gate.enter(essential: true))
        #expect(gate.current == 3)
        #expect(gate.shedTotal == 2)
        gate.leave()
        gate.leave()
        gate.leave()
        #expect(gate.current == 0)
        // Recovers at once: nothing is remembered but the counts.
        #expect(gate.enter(essential: false))
    }

    @Test func whichRoutesAreEssential() {
        for path in ["/api/v1/me/codes", "/api/v1/me/codes/7/pass", "/api/v1/passes/verify", "/api/v1/trust-list", "/code", "/verify", "/healthz"] {
            #expect(AdmissionGate.isEssential(path), "\(path)")
        }
        for path in ["/screening", "/api/v1/residents", "/api/v1/registry/residents", "/codes/manual"] {
            #expect(!AdmissionGate.isEssential(path), "\(path)")
        }
    }

    @Test func pastItsLimitARequestGets503WithRetryAfterAndEssentialOnesStillPass() async throws {
        try await AppFixture.with(admission: AdmissionLimits(essential: 1, other: 0)) { _, client in
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/api/v1/trust-list", method: .get) { response in #expect(response.status == .ok) }
        }
    }
}
