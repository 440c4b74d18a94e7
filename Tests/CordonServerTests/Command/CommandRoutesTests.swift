import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Directives and the day's list, policy versions and decisions, and supervision, through HTTP by role.
@Suite struct CommandRoutesTests {
    @Test func aDirectiveReachesTheGridWorkersListAndIsCompletedWithANote() async throws {
        try await AppFixture.with { fixture, client in
            let g1 = try await fixture.deps.database.area(code: "G1")!
            let deadline = UnixTime.now() + 3_600
            let commander = try await client.token("commander")
            let made = try await call(client, .post, "/api/v1/directives", token: commander,
                                      #"{"title":"网格上门排查","area_id":\#(g1.id),"role":"grid_worker","deadline":\#(deadline)}"#, expect: .created)
            let id = try #require(made.json["id"] as? Int)
            _ = try await call(client, .post, "/api/v1/directives", token: try await client.token("grid"),
                               #"{"title":"越权","area_id":\#(g1.id),"deadline":\#(deadline)}"#, expect: .forbidden)
            _ = try await call(client, .post, "/api/v1/directives", token: commander, #"{"title":"过期","area_id":\#(g1.id),"deadline":1}"#,
                               expect: .unprocessableContent)
            let grid = try await client.token("grid")
            let tasks = try await call(client, .get, "/api/v1/tasks", token: grid, expect: .ok)
            #expect((tasks.json["directives"] as? [[String: Any]])?.map { $0["id"] as? Int } == [id])
            _ = try await call(client, .get, "/api/v1/tasks", token: try await client.token("sampler"), expect: .ok)
            let refused = try await call(client, .post, "/api/v1/directives/\(id)/complete", token: grid, #"{}"#, expect: .unprocessableContent)
            #expect(message(refused.json) == "办结须填写落实情况。")
            _ = try await call(client, .post, "/api/v1/directives/\(id)/acknowledge", token: grid, #"{}"#, expect: .ok)
            _ = try await call(client, .post, "/api/v1/directives/\(id)/acknowledge", token: grid, #"{}"#, expect: .conflict)
            _ = try await call(client, .post, "/api/v1/directives/\(id)/nonsense", token: grid, #"{}"#, expect: .notFound)
            let browser = try await client.browserLogin("grid")
            #expect(try await page(client, "/tasks", cookie: browser.cookie).contains("网格上门排查"))
            _ = try await post(client, "/directives/\(id)/complete", session: browser, ["note": "已上门 40 户"])
            let done = try await call(client, .get, "/api/v1/directives/\(id)", token: commander, expect: .ok)
            #expect(done.json["status"] as? String == "completed" && done.json["note"] as? String == "已上门 40 户")
            // The officer of the district above sees it; the admin is neither a receiver nor above it.
            let all = try await call(client, .get, "/api/v1/directives?all=1", token: try await client.token("officer"), expect: .ok)
            #expect((all.json["directives"] as? [[String: Any]])?.count == 1)
            _ = try await call(client, .get, "/api/v1/directives/\(id)", token: try await client.token("admin"), expect: .notFound)
            let commanderPage = try await page(client, "/tasks", cookie: (try await client.browserLogin("commander")).cookie)
            #expect(commanderPage.contains("下达指令") && commanderPage.contains("id=\"issue\""))
        }
    }

    @Test func aVersionIsEditedPreviewedAndAppliedByTheCommanderOnly() async throws {
        try await AppFixture.with { fixture, client in
            let commander = try await client.token("commander")
            let base = PolicyPreset.november2022.id
            let bad = try await call(client, .post, "/api/v1/policy/versions", token: commander,
                                     #"{"name":"坏","based_on":"\#(base)","parameters":{"tracing.lookback_days":"99"}}"#, expect: .badRequest)
            #expect(issues(bad.json).first?.contains("超出允许范围") == true)
            let made = try await call(client, .post, "/api/v1/policy/versions", token: commander,
                                      #"{"name":"兰州版","based_on":"\#(base)","parameters":{"quarantine.close_contact.1.days":"4","quarantine.close_contact.1.test_days":"1,2,4"}}"#,
                                      expect: .created)
            let id = try #require(made.json["id"] as? String)
            #expect((made.json["parameters"] as? [String: String])?["quarantine.close_contact.1.days"] == "4" && made.json["editable"] as? Bool == true)
            let preview = try await call(client, .get, "/api/v1/policy/presets/\(id)/preview", token: commander, expect: .ok)
            #expect((preview.json["changes"] as? [[String: Any]])?.count == 2 && preview.json["under_measure"] as? Int == 0)
            _ = try await call(client, .post, "/api/v1/policy/decisions", token: try await client.token("officer"),
                               #"{"preset":"\#(id)","mode":"routine","reason":"区县"}"#, expect: .forbidden)
            _ = try await call(client, .get, "/api/v1/policy", token: try await client.token("grid"), expect: .forbidden)
            _ = try await call(client, .post, "/api/v1/policy/decisions", token: commander, #"{"preset":"\#(id)","mode":"emergency","reason":"升级"}"#,
                               expect: .badRequest)
            let browser = try await client.browserLogin("commander")
            #expect(try await page(client, "/policy/presets/\(id)/preview", cookie: browser.cookie).contains("id=\"apply\""))
            _ = try await post(client, "/policy/decisions", session: browser, ["preset": id, "mode": "emergency", "level": "2", "reason": "聚集性疫情"])
            let state = try await call(client, .get, "/api/v1/policy", token: commander, expect: .ok)
            #expect(state.json["in_force"] as? String == id && state.json["mode"] as? String == "emergency" && state.json["level"] as? Int == 2)
            #expect(fixture.deps.database.policies.inForce(at: UnixTime.now()).quarantine.measures[.closeContact]?.first?.days == 4)
            let html = try await page(client, "/policy", cookie: browser.cookie)
            #expect(html.contains("应急处置") && html.contains("二级响应") && html.contains("兰州版"))
            // Applied: the version is history now.
            _ = try await call(client, .post, "/api/v1/policy/versions/\(id)", token: commander, #"{"name":"改"}"#, expect: .conflict)
            #expect(try await page(client, "/policy/presets/\(PolicyPreset.respiratoryTemplate.id)", cookie: browser.cookie).contains("id=\"copy\""))
            // A district officer decides for their own district through the same form; the city stays as it was.
            let d1 = try await fixture.deps.database.area(code: "D1")!
            let officer = try await client.browserLogin("officer")
            #expect(try await page(client, "/policy", cookie: officer.cookie).contains("name=\"district\" value=\"\(d1.id)\""))
            _ = try await post(client, "/policy/decisions", session: officer, ["preset": PolicyPreset.november2022.id, "mode": "routine",
                                                                             "district": "\(d1.id)", "reason": "本区恢复常态"])
            let own = try await call(client, .get, "/api/v1/policy", token: try await client.token("officer"), expect: .ok)
            #expect(own.json["in_force"] as? String == PolicyPreset.november2022.id && own.json["mode"] as? String == "routine")
            let city = try await call(client, .get, "/api/v1/policy", token: commander, expect: .ok)
            #expect(city.json["in_force"] as? String == id && city.json["mode"] as? String == "emergency")
        }
    }

    @Test func anInspectorRecordsAFindingWithAPhotoAndItsFollowUp() async throws {
        try await AppFixture.with { fixture, client in
            let d1 = try await fixture.deps.database.area(code: "D1")!
            let officer = try await client.browserLogin("officer")
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 73, 72, 68, 82])
            _ = try await post(client, "/supervision", session: officer, ["area_id": "\(d1.id)", "severity": "major", "finding": "采样点排队无一米线",
                                                                          "photo_base64": "data:image/png;base64," + png.base64EncodedString(),
                                                                          "follow_up[title]": "设置一米线", "follow_up[role]": "",
                                                                          "follow_up[deadline]": LocalTime.format(UnixTime.now() + 7_200)])
            let token = try await client.token("officer")
            let list = try await call(client, .get, "/api/v1/inspections", token: token, expect: .ok)
            let first = try #require((list.json["inspections"] as? [[String: Any]])?.first)
            #expect(first["has_photo"] as? Bool == true && (first["follow_ups"] as? [Int])?.count == 1)
            let id = try #require(first["id"] as? Int)
            try await client.execute(uri: "/api/v1/inspections/\(id)/photo", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok && response.headers[.contentType] == "image/png" && Data(buffer: response.body) == png)
            }
            _ = try await call(client, .post, "/api/v1/inspections", token: token, #"{"area_id":\#(d1.id),"severity":"minor","finding":"x","photo_base64":"AAAA"}"#,
                               expect: .badRequest)
            _ = try await call(client, .get, "/api/v1/inspections", token: try await client.token("grid"), expect: .forbidden)
            #expect(try await page(client, "/supervision", cookie: officer.cookie).contains("采样点排队无一米线"))
            let tasks = try await page(client, "/tasks", cookie: officer.cookie)
            #expect(tasks.contains("设置一米线"))
        }
    }
}
