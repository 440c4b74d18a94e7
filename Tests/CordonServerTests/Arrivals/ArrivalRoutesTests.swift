import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Origins, arrival reports by staff, citizens and the public form, trips and the timeline through HTTP, by role.
@Suite struct ArrivalRoutesTests {
    static let origins = "code,name,risk\n110105,北京市朝阳区,high\n610113,西安市雁塔区,\n"

    func number(_ i: Int) -> String {
        let body = "62010219800101\(i - 1)1\(i - 1)"
        return body + String(IDNumber.checkCharacter(for: body)!)
    }

    func report(_ origin: String, _ extra: String) -> String {
        #"{"origin_code":"\#(origin)","transport":"train","trip_number":"G1234","arrived_on":"\#(CivilDate(unixTime: UnixTime.now()))"\#(extra)}"#
    }

    @Test func staffAndTheCommandCentreKeepOriginsAndReportArrivalsAndEveryBadOneIsNamed() async throws {
        try await AppFixture.with { fixture, client in
            let commander = try await client.token("commander")
            let grid = try await client.token("grid")
            let bad = try await call(client, .post, "/api/v1/origins/import", token: commander, "code,name,risk\n1101,北京,high\n", contentType: "text/csv",
                                     expect: .unprocessableContent)
            #expect(issues(bad.json).count == 1)
            _ = try await call(client, .post, "/api/v1/origins/import", token: grid, Self.origins, contentType: "text/csv", expect: .forbidden)
            let imported = try await call(client, .post, "/api/v1/origins/import", token: commander, Self.origins, contentType: "text/csv", expect: .created)
            #expect(imported.json["inserted"] as? Int == 2)
            _ = try await call(client, .put, "/api/v1/origins/610113/risk", token: commander, #"{"risk":"extreme"}"#, expect: .badRequest)

            // The grid worker reports for 居民1, who lives in their grid: from a high-risk area, seven days at home at once.
            let unknown = try await call(client, .post, "/api/v1/arrivals", token: grid, report("120101", #","id_number":"\#(number(1))""#), expect: .badRequest)
            #expect(issues(unknown.json) == ["出发地（区县代码）: 区域代码不存在"])
            let future = try await call(client, .post, "/api/v1/arrivals", token: grid,
                                        #"{"origin_code":"110105","transport":"walk","arrived_on":"2099-01-01","id_number":"\#(number(1))"}"#, expect: .badRequest)
            #expect(issues(future.json).count == 2)
            let filed = try await call(client, .post, "/api/v1/arrivals", token: grid, report("110105", #","id_number":"\#(number(1))""#), expect: .created)
            #expect(filed.json["measure"] as? String == "quarantine" && filed.json["tier"] as? String == "high_risk_visitor")
            #expect(filed.json["assignment_id"] as? Int64 != nil)
            _ = try await call(client, .post, "/api/v1/arrivals", token: grid, report("110105", #","id_number":"\#(number(1))""#), expect: .conflict)
            // 居民2 lives in D2, outside the grid worker's jurisdiction: their number names no one the grid worker can
            // name, the same answer as a number nobody has, so the answer does not tell that they are registered elsewhere.
            let outside = try await call(client, .post, "/api/v1/arrivals", token: grid, report("610113", #","id_number":"\#(number(2))""#), expect: .badRequest)
            let nobody = try await call(client, .post, "/api/v1/arrivals", token: grid, report("610113", #","id_number":"\#(number(9))""#), expect: .badRequest)
            #expect(issues(outside.json) == issues(nobody.json))
            let list = try await call(client, .get, "/api/v1/arrivals", token: grid, expect: .ok)
            #expect((list.json["arrivals"] as? [[String: Any]])?.count == 1)

            // Trips and the timeline are an audited look at the person.
            let me = try await fixture.residentID(named: "居民1")
            let trips = try await call(client, .get, "/api/v1/residents/\(me)/trips", token: grid, expect: .ok)
            #expect((trips.json["trips"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["arrival"])
            let timeline = try await call(client, .get, "/api/v1/residents/\(me)/timeline", token: grid, expect: .ok)
            #expect(Set((timeline.json["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }) == ["arrival.report", "quarantine.assign"])
            let audits = try await fixture.deps.database.read {
                try await $0.select("SELECT purpose FROM audit_reads WHERE resident_id = ? ORDER BY id", binds: [.int(me)], types: [.text])
            }
            #expect(audits.compactMap { $0[0].text } == ["trips", "timeline"])
            let officer = try await client.token("officer")
            _ = try await call(client, .get, "/api/v1/residents/\(try await fixture.residentID(named: "居民2"))/trips", token: officer, expect: .notFound)
            let browser = try await client.browserLogin("grid")
            let pageText = try await page(client, "/residents/\(me)/trips", cookie: browser.cookie)
            #expect(pageText.contains("北京市朝阳区") && pageText.contains("纳入隔离管控"))
            #expect(try await page(client, "/arrivals", cookie: browser.cookie).contains("居民1"))
        }
    }

    @Test func thePublicFormAndTheCitizenReportWithoutRevealingAnyone() async throws {
        try await AppFixture.with { fixture, client in
            let commander = try await client.token("commander")
            _ = try await call(client, .post, "/api/v1/origins/import", token: commander, Self.origins, contentType: "text/csv", expect: .created)
            let wrong = try await call(client, .post, "/api/v1/public/arrivals",
                                       report("610113", #","id_number":"\#(number(1))","phone":"13900000009""#), expect: .unprocessableContent)
            #expect(message(wrong.json) == "身份证号与手机号不匹配已登记居民，请联系所在社区登记。")
            let filed = try await call(client, .post, "/api/v1/public/arrivals", report("610113", #","id_number":"\#(number(1))","phone":"13900000001""#),
                                       expect: .created)
            #expect(filed.json["name"] as? String == "居*1" && filed.json["measure"] as? String == "none")
            #expect(try await page(client, "/arrive", cookie: "").contains("来返人员报备"))

            let database = fixture.deps.database
            let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
            try await database.createUser(username: "citizen", displayName: "citizen", passwordHash: try await fixture.deps.passwords.hash(AppFixture.password),
                                          role: .citizen, areaID: try await database.area(code: "H2")!.id, actor: op, reason: "test")
            let second = try await fixture.residentID(named: "居民2")
            try await database.linkCitizen(username: "citizen", residentID: second, actor: op)
            let citizen = try await client.token("citizen")
            let own = try await call(client, .post, "/api/v1/me/arrivals", token: citizen, report("110105", #","resident_id":\#(second)"#), expect: .created)
            // From a high-risk area under November 2022: seven days at home, placed at once.
            #expect(own.json["tier"] as? String == "high_risk_visitor")
            _ = try await call(client, .post, "/api/v1/me/arrivals", token: citizen,
                               report("110105", #","resident_id":\#(try await fixture.residentID(named: "居民1"))"#), expect: .notFound)
            #expect((try await call(client, .get, "/api/v1/me/trips", token: citizen, expect: .ok).json["trips"] as? [[String: Any]])?.count == 1)
            let browser = try await client.browserLogin("citizen")
            #expect(try await page(client, "/my/arrivals", cookie: browser.cookie).contains("北京市朝阳区"))
            #expect(try await page(client, "/my/quarantine", cookie: browser.cookie).contains("居家隔离"))
        }
    }
}
