import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Sites with kinds and hours, household pooling, routine testing, a person's testing facts, turnaround pages.
@Suite struct RoutineAndSitesRoutesTests {
    @Test func sitesCarryAKindAndHoursAndThePublicSeesOnlyWalkInSites() async throws {
        try await AppFixture.with { fixture, client in
            let commander = try await client.token("commander")
            _ = try await call(client, .post, "/api/v1/screening/sites", token: commander,
                               #"{"code":"SITE01","name":"第1网格采样点","area_code":"G1","desks":2,"daily_capacity":1200,"opens":"07:30","closes":"21:00"}"#,
                               expect: .created)
            _ = try await call(client, .post, "/api/v1/screening/sites", token: commander,
                               #"{"code":"QSITE1","name":"隔离酒店采样台","area_code":"G1","kind":"quarantine_site","desks":1,"daily_capacity":200,"opens":"00:00","closes":"24:00"}"#,
                               expect: .created)
            let bad = try await call(client, .post, "/api/v1/screening/sites", token: commander,
                                     #"{"code":"SITE02","name":"x","area_code":"G1","desks":1,"daily_capacity":10,"opens":"22:00","closes":"07:00"}"#,
                                     expect: .badRequest)
            #expect(message(bad.json) == "开放时间格式为 HH:MM，且开始须早于结束。")
            let kind = try await call(client, .post, "/api/v1/screening/sites", token: commander,
                                      #"{"code":"SITE03","name":"x","area_code":"G1","kind":"spaceport","desks":1,"daily_capacity":10}"#, expect: .badRequest)
            #expect(message(kind.json) == "未知的采样点类型。")
            let listed = try await call(client, .get, "/api/v1/screening/sites", token: commander, expect: .ok)
            #expect((listed.json["sites"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["quarantine_site", "community"])

            let sites = try await client.execute(uri: "/public/sites?area=C", method: .get, headers: [.accept: "application/json"]) { response in
                (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["sites"] as? [[String: Any]] ?? []
            }
            #expect(sites.map { $0["code"] as? String } == ["SITE01"])
            #expect(sites.first?["hours"] as? String == "07:30–21:00")
            #expect(sites.first?["open_now"] is Bool)

            // The quarantine desk takes single tubes whatever the round pools.
            let round = try await call(client, .post, "/api/v1/screening/rounds", token: commander,
                                       #"{"name":"R","hours":24,"areas":[{"code":"G1","by_household":true}]}"#, expect: .created)
            let sampler = try await client.token("sampler")
            let roundID = round.json["id"] as? Int ?? 0
            let single = try await call(client, .post, "/api/v1/screening/tubes", token: sampler,
                                        #"{"barcode":"Q1000001","site":"QSITE1","round_id":\#(roundID)}"#, expect: .created)
            #expect(single.json["capacity"] as? Int == 1)
            let household = try await call(client, .post, "/api/v1/screening/tubes", token: sampler,
                                           #"{"barcode":"H1000001","site":"SITE01","round_id":\#(roundID)}"#, expect: .created)
            #expect(household.json["capacity"] as? Int == 20)
            _ = try await call(client, .post, "/api/v1/screening/tubes", token: sampler, #"{"barcode":"H1000002","site":"SITE01","purpose":"lunch"}"#,
                               expect: .badRequest)

            let (cookie, csrf) = try await client.browserLogin("commander")
            #expect(try await page(client, "/screening/sites", cookie: cookie).contains("隔离酒店采样台"))
            try await client.execute(uri: "/screening/sites", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&code=SITE09&name=%E4%BE%BF%E6%B0%91%E7%82%B9&area_code=D2&kind=mobile&desks=1&daily_capacity=300&opens=08%3A00&closes=18%3A00")) {
                #expect($0.status == .seeOther)
            }
            #expect(try await page(client, "/screening/sites", cookie: cookie).contains("SITE09"))
            try await client.execute(uri: "/screening/rounds", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&name=R2&hours=24&areas=G1%3Ahousehold%0AD2%3Aseven")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("每个区域为编码"))
            }
            try await client.execute(uri: "/screening/rounds", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&name=R3&hours=24&areas=G1&groups=medical%3Aone")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("例如 medical:1"))
            }
            try await client.execute(uri: "/screening/rounds", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&name=R4&hours=24&areas=G1&groups=medical%3A1%0Ahigh_risk_post%3A1")) {
                #expect($0.status == .seeOther)
            }
            _ = try await call(client, .post, "/api/v1/screening/rounds", token: commander,
                               #"{"name":"R5","hours":24,"areas":[{"code":"G1"}],"groups":[{"work_group":"astronaut","pool":1}]}"#, expect: .badRequest)
            _ = try await call(client, .post, "/api/v1/screening/rounds", token: commander,
                               #"{"name":"R6","hours":24,"areas":[{"code":"G1"}],"groups":[{"work_group":"medical","pool":1}]}"#, expect: .created)
            let (gridCookie, _) = try await client.browserLogin("grid")
            _ = try await page(client, "/screening/sites", cookie: gridCookie, expect: .forbidden)
        }
    }

    @Test func routineTestingListsFactsAndWorkGroups() async throws {
        try await AppFixture.with { fixture, client in
            let resident = try await fixture.residentID(named: "居民1")
            let grid = try await client.token("grid")
            let bad = try await call(client, .put, "/api/v1/residents/\(resident)/work-group", token: grid, #"{"work_group":"astronaut"}"#,
                                     expect: .badRequest)
            #expect(message(bad.json) == "未知的重点人群类别。")
            _ = try await call(client, .put, "/api/v1/residents/\(resident)/work-group", token: grid, #"{"work_group":"medical"}"#, expect: .noContent)
            // 居民2 lives in D2, outside the grid worker's grid.
            let other = try await fixture.residentID(named: "居民2")
            _ = try await call(client, .put, "/api/v1/residents/\(other)/work-group", token: grid, #"{"work_group":"medical"}"#, expect: .notFound)

            let list = try await call(client, .get, "/api/v1/screening/routine", token: grid, expect: .ok)
            let people = list.json["residents"] as? [[String: Any]] ?? []
            #expect(people.map { $0["resident_id"] as? Int } == [Int(resident)])
            #expect((people.first?["state"] as? [String: Any])?["status"] as? String == "overdue")
            let csv = try await call(client, .get, "/api/v1/screening/routine?format=csv", token: grid, expect: .ok)
            #expect(csv.text.split(separator: "\n").count == 2)
            #expect(csv.text.contains("medical,overdue"))

            let facts = try await call(client, .get, "/api/v1/residents/\(resident)/testing", token: grid, expect: .ok)
            #expect(facts.json["work_group"] as? String == "medical")
            #expect((facts.json["routine"] as? [String: Any])?["status"] as? String == "overdue")
            #expect(facts.json["last_sampled_at"] == nil)
            let lab = try await client.token("lab")
            _ = try await call(client, .get, "/api/v1/residents/\(resident)/testing", token: lab, expect: .forbidden)
            _ = try await call(client, .get, "/api/v1/screening/routine", token: lab, expect: .notFound)
            // The read of the person's facts is in the audit log.
            let reads = try await fixture.deps.registry.auditReads(username: "grid", residentID: resident,
                                                                   actor: Actor(userID: 1, name: "a", role: .auditor, jurisdiction: try await fixture.deps.database.cityArea()!))
            #expect(reads.contains { $0.purpose == "testing" })

            let (cookie, csrf) = try await client.browserLogin("grid")
            let routinePage = try await page(client, "/screening/routine", cookie: cookie)
            #expect(routinePage.contains("居民1"))
            #expect(routinePage.contains("逾期未检"))
            let residentPage = try await page(client, "/residents/\(resident)", cookie: cookie)
            #expect(residentPage.contains("id=\"testing\""))
            #expect(residentPage.contains("<option value=\"medical\" selected>"))
            try await client.execute(uri: "/residents/\(resident)/work-group", method: .post,
                                     headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "_csrf=\(csrf)&work_group=")) { #expect($0.status == .seeOther) }
            let cleared = try await call(client, .get, "/api/v1/screening/routine", token: grid, expect: .ok).json["residents"] as? [[String: Any]]
            #expect(cleared?.isEmpty == true)
        }
    }

    @Test func turnaroundAndOverduePagesByRole() async throws {
        try await AppFixture.with { fixture, client in
            let op = Actor(userID: nil, name: "t", role: .admin, jurisdiction: try await fixture.deps.database.cityArea()!)
            let screening = Screening(registry: fixture.deps.registry)
            try await screening.createSite(code: "SITE01", name: "第1网格采样点", areaCode: "G1", desks: 2, dailyCapacity: 1200, actor: op)
            try await screening.createLab(code: "LAB001", name: "金域检验", dailyCapacity: 50_000, actor: op)
            let commander = try await client.token("commander")
            let round = try await call(client, .post, "/api/v1/screening/rounds", token: commander, #"{"name":"R","hours":24,"areas":[{"code":"C"}]}"#,
                                       expect: .created).json["id"] as? Int ?? 0
            let sampler = try await client.token("sampler")
            let body = "62010219800101010"
            let id1 = body + String(IDNumber.checkCharacter(for: body)!)
            _ = try await call(client, .post, "/api/v1/screening/samples", token: sampler,
                               #"[{"barcode":"T1000001","site":"SITE01","round_id":\#(round),"sampled_at":\#(UnixTime.now() - 30 * 3_600),"id_numbers":["\#(id1)"]}]"#,
                               expect: .created)
            let overdue = try await call(client, .get, "/api/v1/screening/overdue?round=\(round)", token: commander, expect: .ok)
            #expect((overdue.json["tubes"] as? [[String: Any]])?.map { $0["barcode"] as? String } == ["T1000001"])
            let (cookie, _) = try await client.browserLogin("commander")
            let turnaround = try await page(client, "/screening/rounds/\(round)/turnaround", cookie: cookie)
            #expect(turnaround.contains("id=\"labs\""))
            #expect(turnaround.contains("T1000001"))
            #expect(try await page(client, "/screening/overdue", cookie: cookie).contains("T1000001"))
            #expect(try await page(client, "/screening/rounds/\(round)", cookie: cookie).contains("id=\"turnaround-link\""))
            let (gridCookie, _) = try await client.browserLogin("grid")
            _ = try await page(client, "/screening/overdue", cookie: gridCookie, expect: .forbidden)
            let tracer = try await client.token("tracer")
            #expect((try await call(client, .get, "/api/v1/screening/candidates", token: tracer, expect: .ok).json["candidates"] as? [Any])?.isEmpty == true)
        }
    }
}
