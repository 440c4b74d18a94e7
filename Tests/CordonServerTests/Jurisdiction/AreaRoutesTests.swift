import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct AreaRoutesTests {
    @Test func theTreeStartsAtTheJurisdictionAndCountsResidents() async throws {
        try await AppFixture.with { fixture, client in
            let officer = try await client.token("officer")
            try await client.execute(uri: "/api/v1/areas", method: .get, headers: [.authorization: "Bearer \(officer)"]) { response in
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let area = json?["area"] as? [String: Any]
                #expect(area?["code"] as? String == "D1")
                #expect(area?["residents"] as? Int == 1)
                #expect((json?["children"] as? [[String: Any]])?.map { $0["code"] as? String } == ["G1"])
            }
            let d2 = try await fixture.deps.database.area(code: "D2")!.id
            try await client.execute(uri: "/api/v1/areas/\(d2)", method: .get, headers: [.authorization: "Bearer \(officer)"]) {
                #expect($0.status == .notFound)
            }
            let (cookie, _) = try await client.browserLogin("commander")
            try await client.execute(uri: "/areas", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .seeOther)
                let location = response.headers[.location] ?? ""
                try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]) { page in
                    let html = String(buffer: page.body)
                    #expect(html.contains("id=\"children\""))
                    #expect(html.contains("城关区"))
                    #expect(html.contains("七里河区"))
                }
            }
        }
    }
}
