import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Designation, the public list, step-down and lifting through HTTP, by role, under the November 2022 rules in force.
@Suite struct RiskAreaRoutesTests {
    /// A building B1 in grid G1 holding household H3 with one resident, 居民3.
    func setup(_ fixture: AppFixture) async throws -> Int64 {
        let database = fixture.deps.database
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        try await database.importAreas(csv: Array("code,name,level,parent_code\nB1,1号楼,building,G1\nH3,301,household,B1\n".utf8), actor: op, reason: "test")
        let body = "620102199001013231"
        let number = String(body.dropLast()) + String(IDNumber.checkCharacter(for: String(body.dropLast()))!)
        _ = try await fixture.deps.registry.importResidents(csv: Array("name,id_number,phone,household_code\n居民3,\(number),13900000003,H3\n".utf8),
                                                            actor: op, skipInvalid: false, reason: "test")
        return try await fixture.residentID(named: "居民3")
    }

    /// The resident's code as a commander's audited read sees it.
    func code(_ fixture: AppFixture, _ resident: Int64) async throws -> StoredCode {
        let database = fixture.deps.database
        let commander = try await database.actor(for: try await database.user(username: "commander")!)
        let record = try await fixture.deps.registry.resident(id: resident, actor: commander, purpose: "test", today: CivilDate(unixTime: UnixTime.now()))
        return try await HealthCodes(registry: fixture.deps.registry).code(for: record)
    }

    @Test func aCommanderDesignatesABuildingItsResidentTurnsRedAndThePublicSeesThePlace() async throws {
        try await AppFixture.with { fixture, client in
            let resident = try await setup(fixture)
            let commander = try await client.token("commander")
            let grid = try await client.token("grid")
            let medium = try await call(client, .post, "/api/v1/risk-areas", token: commander,
                                        #"{"area_codes":["B1"],"level":"medium","reason":"病例居住"}"#, expect: .conflict)
            #expect(message(medium.json) == "现行方案没有该风险等级。")
            let district = try await call(client, .post, "/api/v1/risk-areas", token: commander,
                                          #"{"area_codes":["D1"],"level":"high","reason":"病例居住"}"#, expect: .conflict)
            #expect(message(district.json) == "风险区域须按现行方案划定，不得大于社区，不得小于规定单元。")
            let unknown = try await call(client, .post, "/api/v1/risk-areas", token: commander,
                                         #"{"area_codes":["NOPE"],"level":"high","reason":"病例居住"}"#, expect: .badRequest)
            #expect(issues(unknown.json) == ["区域编码: 区域代码不存在"])
            _ = try await call(client, .post, "/api/v1/risk-areas", token: grid, #"{"area_codes":["B1"],"level":"high","reason":"病例居住"}"#,
                               expect: .forbidden)
            _ = try await call(client, .post, "/api/v1/risk-areas", token: commander, #"{"area_codes":["B1"],"level":"extreme","reason":"x"}"#,
                               expect: .badRequest)
            let created = try await call(client, .post, "/api/v1/risk-areas", token: commander,
                                         #"{"area_codes":["B1"],"level":"high","reason":"病例居住"}"#, expect: .created)
            let designation = try #require((created.json["designations"] as? [[String: Any]])?.first)
            let id = try #require(designation["id"] as? Int64)
            #expect(designation["residents"] as? Int == 1 && designation["next_level"] as? String == "low")
            let again = try await call(client, .post, "/api/v1/risk-areas", token: commander,
                                       #"{"area_codes":["B1"],"level":"high","reason":"病例居住"}"#, expect: .conflict)
            #expect(message(again.json) == "该区域已划定风险等级，请先降级或解除。")
            let code = try await self.code(fixture, resident)
            // Red for the area, and residents of a high-risk area owe a daily test (the area rule of routine testing).
            #expect(code.colour == .red && code.reasons.map(\.rule) == [.routineOverdue, .highRiskArea])
            #expect(code.reasons.first?.source.label == "area_risk.high")

            // Anyone may see the place and the level, without a login and without a person.
            let open = try await call(client, .get, "/api/v1/public/risk-areas", expect: .ok)
            #expect((open.json["areas"] as? [[String: Any]])?.map { $0["name"] as? String } == ["1号楼"])
            #expect(try await page(client, "/public/risk-areas", cookie: "").contains("1号楼"))
            // The grid worker sees the building's households; the officer of D2 does not see it at all.
            let households = try await call(client, .get, "/api/v1/risk-areas/\(id)/households", token: grid, expect: .ok)
            #expect((households.json["households"] as? [[String: Any]])?.map { $0["code"] as? String } == ["H3"])
            let browser = try await client.browserLogin("grid")
            #expect(try await page(client, "/risk-areas/\(id)", cookie: browser.cookie).contains("301"))

            let early = try await call(client, .post, "/api/v1/risk-areas/\(id)/step-down", token: commander, expect: .conflict)
            #expect(message(early.json) == "无新增病例天数未满。")
            _ = try await call(client, .post, "/api/v1/risk-areas/\(id)/lift", token: commander, #"{"reason":" "}"#, expect: .badRequest)
            let officer = try await client.browserLogin("commander")
            #expect(try await page(client, "/risk-areas", cookie: officer.cookie).contains("1号楼"))
            _ = try await post(client, "/risk-areas/\(id)/lift", session: officer, ["reason": "划定有误"])
            #expect(try await self.code(fixture, resident).colour == .green)
            let ended = try await call(client, .get, "/api/v1/risk-areas?ended=1", token: commander, expect: .ok)
            #expect((ended.json["designations"] as? [[String: Any]])?.first?["end_kind"] as? String == "lifted")
            _ = try await post(client, "/risk-areas", session: officer, ["area_codes": "B1", "level": "high", "reason": "再次出现病例"])
            #expect((try await call(client, .get, "/api/v1/risk-areas", token: commander, expect: .ok).json["designations"] as? [[String: Any]])?.count == 1)
        }
    }
}
