import CordonStore
import CordonServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct ResidentRoutesTests {
    @Test func residentsOutsideTheJurisdictionAreNotFound() async throws {
        try await AppFixture.with { fixture, client in
            let outside = try await fixture.residentID(named: "居民2")
            let inside = try await fixture.residentID(named: "居民1")
            let grid = try await client.token("grid")
            try await client.execute(uri: "/api/v1/residents/\(outside)", method: .get, headers: [.authorization: "Bearer \(grid)"]) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/residents/\(inside)", method: .get, headers: [.authorization: "Bearer \(grid)"]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func identifiersAreMaskedUnlessTheRoleNeedsThemAndEveryReadIsAudited() async throws {
        try await AppFixture.with { fixture, client in
            let id = try await fixture.residentID(named: "居民1")
            let commander = try await client.token("commander")
            try await client.execute(uri: "/api/v1/residents/\(id)", method: .get, headers: [.authorization: "Bearer \(commander)"]) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("620102********"))
                #expect(body.contains("139****0001"))
            }
            let tracer = try await client.token("tracer")
            try await client.execute(uri: "/api/v1/residents/\(id)", method: .get, headers: [.authorization: "Bearer \(tracer)"]) { response in
                #expect(String(buffer: response.body).contains("13900000001"))
            }
            let (cookie, _) = try await client.browserLogin("commander")
            try await client.execute(uri: "/residents/\(id)", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("139****0001"))
            }
            let auditor = try await client.token("auditor")
            try await client.execute(uri: "/api/v1/audit?resident=\(id)", method: .get, headers: [.authorization: "Bearer \(auditor)"]) { response in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((json?["reads"] as? [Any])?.count == 3)
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.authorization: "Bearer \(commander)"]) {
                #expect($0.status == .forbidden)
            }
        }
    }
}
