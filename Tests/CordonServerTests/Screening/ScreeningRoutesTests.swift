import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct ScreeningRoutesTests {
    func json(_ response: TestResponse) throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
    }

    func post(_ client: any TestClientProtocol, _ uri: String, token: String, _ body: String, type: String = "application/json",
              expect status: HTTPResponse.Status) async throws -> [String: Any] {
        try await client.execute(uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: type],
                                 body: ByteBuffer(string: body)) { response in
            #expect(response.status == status, "\(uri): \(String(buffer: response.body))")
            return (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
        }
    }

    /// A round or risk point that does not exist is not found, rather than answered as one with nothing in it
    /// (schemathesis asked for round 0 and got an empty coverage table).
    @Test func anIdThatNamesNothingIsNotFound() async throws {
        try await AppFixture.with { _, client in
            let commander = try await client.token("commander")
            for uri in ["/api/v1/screening/rounds/7/coverage", "/api/v1/screening/rounds/7/gaps", "/api/v1/screening/rounds/7/progress",
                        "/api/v1/screening/rounds/7/turnaround", "/api/v1/risk-points/7/visitors"] {
                _ = try await call(client, .get, uri, token: commander, expect: .notFound)
            }
        }
    }

    @Test func theWholeChainThroughTheAPI() async throws {
        try await AppFixture.with { fixture, client in
            let admin = try await client.token("admin")
            _ = try await post(client, "/api/v1/screening/labs", token: admin, #"{"code":"LAB001","name":"金域","daily_capacity":50000}"#, expect: .created)
            _ = try await post(client, "/api/v1/screening/labs/LAB001/operators", token: admin, #"{"username":"lab"}"#, expect: .noContent)
            _ = try await post(client, "/api/v1/screening/sites", token: admin,
                               #"{"code":"SITE01","name":"第1网格采样点","area_code":"G1","desks":2,"daily_capacity":1200}"#, expect: .created)
            let commander = try await client.token("commander")
            let round = try await post(client, "/api/v1/screening/rounds", token: commander,
                                       #"{"name":"全员核酸","hours":24,"areas":[{"code":"D1"},{"code":"D2","pool":5}]}"#, expect: .created)
            let roundID = round["id"] as? Int ?? 0

            let sampler = try await client.token("sampler")
            let tube = try await post(client, "/api/v1/screening/tubes", token: sampler, #"{"barcode":"T1000001","site":"SITE01","round_id":\#(roundID)}"#,
                                      expect: .created)
            #expect(tube["capacity"] as? Int == 10)
            let body = "62010219800101010"
            let id1 = body + String(IDNumber.checkCharacter(for: body)!)
            let swab = try await post(client, "/api/v1/screening/tubes/T1000001/swabs", token: sampler, #"{"id_number":"\#(id1)"}"#, expect: .ok)
            #expect(swab["names"] as? [String] == ["居*1"])
            let again = try await post(client, "/api/v1/screening/tubes/T1000001/swabs", token: sampler, #"{"id_number":"\#(id1)"}"#,
                                       expect: .unprocessableContent)
            #expect(((again["error"] as? [String: Any])?["issues"] as? [String]) == ["试管 T1000001: 此人已在该试管中"])
            _ = try await post(client, "/api/v1/screening/tubes/T1000001/close", token: sampler, "", expect: .ok)
            _ = try await post(client, "/api/v1/screening/batches", token: sampler, #"{"code":"B1000001","lab":"LAB001","tubes":["T1000001"]}"#,
                               expect: .created)
            let lab = try await client.token("lab")
            _ = try await post(client, "/api/v1/screening/batches/B1000001/receive", token: lab, "", expect: .ok)

            let csv = "barcode,result,ct,tested_at\nT1000001,positive,30.1,\(UnixTime.now() + 120)\n"
            let first = try await post(client, "/api/v1/screening/results", token: lab, csv, type: "text/csv", expect: .ok)
            #expect(first["recorded"] as? Int == 1)
            #expect(first["orders"] as? Int == 2)
            let second = try await post(client, "/api/v1/screening/results", token: lab, csv, type: "text/csv", expect: .ok)
            #expect(second["unchanged"] as? Int == 1)
            let conflict = try await post(client, "/api/v1/screening/results", token: lab,
                                          "barcode,result,ct,tested_at\nT1000001,negative,,2026-11-23T10:00:00+08:00\nNOPE,negative,,yesterday\n",
                                          type: "text/csv", expect: .unprocessableContent)
            #expect(((conflict["error"] as? [String: Any])?["issues"] as? [String]) == ["第 2 行，试管 NOPE: tested_at 须为 ISO 8601 时间或 Unix 秒"])

            // The grid worker sees the person under temporary control at once; the lab never sees a name.
            let grid = try await client.token("grid")
            try await client.execute(uri: "/api/v1/screening/orders", method: .get, headers: [.authorization: "Bearer \(grid)"]) { response in
                let orders = try json(response)["orders"] as? [[String: Any]]
                #expect(Set(orders?.compactMap { $0["action"] as? String } ?? []) == ["temporary_control", "retest"])
            }
            try await client.execute(uri: "/api/v1/screening/tubes/T1000001", method: .get, headers: [.authorization: "Bearer \(lab)"]) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/screening/rounds/\(roundID)/coverage", method: .get, headers: [.authorization: "Bearer \(commander)"]) { response in
                let areas = try json(response)["areas"] as? [[String: Any]]
                #expect(areas?.first { $0["code"] as? String == "D1" }?["sampled"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/screening/rounds/\(roundID)/gaps?format=csv", method: .get, headers: [.authorization: "Bearer \(grid)"]) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: response.body).split(separator: "\n").count == 1)
            }
        }
    }

    @Test func pagesForEachRoleAndThePublicSiteList() async throws {
        try await AppFixture.with { fixture, client in
            let op = Actor(userID: nil, name: "t", role: .admin, jurisdiction: try await fixture.deps.database.cityArea()!)
            let screening = Screening(registry: fixture.deps.registry)
            try await screening.createSite(code: "SITE01", name: "第1网格采样点", areaCode: "G1", desks: 2, dailyCapacity: 1200, actor: op)
            try await client.execute(uri: "/public/sites?area=D1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("第1网格采样点"))
            }
            let (cookie, csrf) = try await client.browserLogin("commander")
            try await client.execute(uri: "/screening/rounds", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&name=R1&hours=24&areas=D1%0AD2%3A5")) { response in
                #expect(response.status == .seeOther)
                let location = response.headers[.location] ?? ""
                try await client.execute(uri: location, method: .get, headers: [.cookie: cookie]) { page in
                    #expect(String(buffer: page.body).contains("id=\"coverage\""))
                }
            }
            let (samplerCookie, _) = try await client.browserLogin("sampler")
            try await client.execute(uri: "/screening/sample", method: .get, headers: [.cookie: samplerCookie]) { response in
                #expect(String(buffer: response.body).contains("id=\"open-tube\""))
            }
            try await client.execute(uri: "/screening/lab", method: .get, headers: [.cookie: samplerCookie]) { #expect($0.status == .forbidden) }
        }
    }
}
