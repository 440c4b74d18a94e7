@testable import CordonServer
import HTTPTypes
import HummingbirdTesting
import NIOEmbedded
import NIOHTTPTypes
import Hummingbird
import Testing

/// The gate's arithmetic without I/O, the connection's handler on an embedded channel, then the real server answering
/// 503 + Retry-After past the limits.
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
        try await AppFixture.with(admission: AdmissionLimits(essential: 1, other: 0), live: true) { _, client in
            try await client.execute(uri: "/login", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
                #expect(String(buffer: response.body).contains("overloaded"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/api/v1/trust-list", method: .get) { response in #expect(response.status == .ok) }
        }
    }

    // MARK: The handler at the connection

    static func head(_ path: String) -> HTTPRequestPart { .head(HTTPRequest(method: .get, scheme: nil, authority: nil, path: path)) }

    static func channel(_ gate: AdmissionGate) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(AdmissionHandler(gate: gate))
        return channel
    }

    @Test func aShedRequestIsAnsweredAtTheConnectionAndItsBodyDropped() throws {
        let gate = AdmissionGate(limits: AdmissionLimits(essential: 1, other: 0))
        let channel = try Self.channel(gate)
        try channel.writeInbound(Self.head("/screening?round=1"))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "ignored")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        guard case .head(let response) = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no head"); return }
        #expect(response.status == .serviceUnavailable)
        #expect(response.headerFields[.retryAfter] == "1")
        guard case .body(let body) = try channel.readOutbound(as: HTTPResponsePart.self) else { Issue.record("no body"); return }
        #expect(String(buffer: body).contains("overloaded"))
        #expect(try channel.readOutbound(as: HTTPResponsePart.self) == .end(nil))
        #expect(gate.current == 0)
        #expect(gate.shedTotal == 1)
        _ = try channel.finish()
    }

    @Test func anAdmittedRequestCountsUntilItsResponseEnds() throws {
        let gate = AdmissionGate(limits: AdmissionLimits(essential: 1, other: 0))
        let door = try Self.channel(gate)
        let other = try Self.channel(gate)
        try door.writeInbound(Self.head("/api/v1/passes/verify"))
        #expect(try door.readInbound(as: HTTPRequestPart.self) == Self.head("/api/v1/passes/verify"))
        #expect(gate.current == 1)
        // The one essential place is taken: another connection's check is shed.
        try other.writeInbound(Self.head("/api/v1/me/codes"))
        #expect(try other.readInbound(as: HTTPRequestPart.self) == nil)
        // The same connection's next request, pipelined behind the first, is admitted so answers stay in order.
        try door.writeInbound(Self.head("/api/v1/me/codes"))
        #expect(try door.readInbound(as: HTTPRequestPart.self) != nil)
        #expect(gate.current == 2)
        try door.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try door.writeOutbound(HTTPResponsePart.end(nil))
        #expect(gate.current == 1)
        // A connection that goes away releases what it still owed.
        _ = try door.finish()
        #expect(gate.current == 0)
        _ = try other.finish()
    }
}
