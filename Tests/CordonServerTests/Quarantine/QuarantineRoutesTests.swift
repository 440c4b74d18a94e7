import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Sites, placement, checks, release and the citizen's own measure through HTTP, by role.
@Suite struct QuarantineRoutesTests {
    /// Quarantine staff for the city and for grid G1, a citizen who is 居民2, and 居民2 a close contact of a case (居民1).
    func setup(_ fixture: AppFixture) async throws -> (contact: Int64, caseID: Int64) {
        let database = fixture.deps.database
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        let hash = try await fixture.deps.passwords.hash(AppFixture.password)
        for (name, role, area) in [("qs", Role.quarantineStaff, "C"), ("qs2", .quarantineStaff, "G1"), ("citizen", .citizen, "H2")] {
            try await database.createUser(username: name, displayName: name, passwordHash: hash, role: role,
                                          areaID: try await database.area(code: area)!.id, actor: op, reason: "test")
        }
        let first = try await fixture.residentID(named: "居民1"), second = try await fixture.residentID(named: "居民2")
        try await database.linkCitizen(username: "citizen", residentID: second, actor: op)
        let tracing = Tracing(registry: fixture.deps.registry)
        let now = UnixTime.now()
        let caseID = try await tracing.register(NewCase(residentID: first, classification: .confirmed, severity: .mild, onset: CivilDate(unixTime: now),
                                                        sampledAt: now - 7_200, reportedAt: now - 60, foundBy: .screening, treatedAt: "市第二人民医院",
                                                        isolatedAt: now - 60), actor: op, now: now)
        try await tracing.addContact(caseID: caseID, residentID: second, tier: .close, via: nil, exposedAt: now - 3_600, reason: "同事", actor: op, now: now)
        return (second, caseID)
    }

    @Test func staffRegisterASitePlaceTheContactRecordChecksAndReleaseOnlyWhenTheRulesAllow() async throws {
        try await AppFixture.with { fixture, client in
            let (contact, _) = try await setup(fixture)
            let qs = try await client.token("qs")
            let grid = try await client.token("grid")
            let bad = try await call(client, .post, "/api/v1/quarantine/sites", token: qs,
                                     #"{"code":"x","name":"","area_code":"ZZ","floors":0,"rooms_per_floor":2}"#, expect: .badRequest)
            #expect(issues(bad.json) == ["编码: 长度不对", "名称: 不能为空", "楼层数: 格式不对"])
            _ = try await call(client, .post, "/api/v1/quarantine/sites", token: grid,
                               #"{"code":"QS000001","name":"和平宾馆","area_code":"D1","floors":1,"rooms_per_floor":2}"#, expect: .forbidden)
            let site = try await call(client, .post, "/api/v1/quarantine/sites", token: qs,
                                      #"{"code":"QS000001","name":"和平宾馆","area_code":"D1","address":"东岗西路1号","floors":1,"rooms_per_floor":2,"double_rooms_per_floor":1}"#,
                                      expect: .created)
            let siteID = try #require(site.json["id"] as? Int64)
            #expect(site.json["free"] as? Int == 2)
            let waiting = try await call(client, .get, "/api/v1/quarantine/waiting", token: qs, expect: .ok)
            #expect((waiting.json["waiting"] as? [[String: Any]])?.map { $0["resident_id"] as? Int64 } == [contact])
            let placed = try await call(client, .post, "/api/v1/quarantine/allocate", token: qs, expect: .ok)
            #expect(placed.json["placed"] as? Int == 1)
            let list = try await call(client, .get, "/api/v1/quarantine/assignments", token: qs, expect: .ok)
            let assignment = try #require((list.json["assignments"] as? [[String: Any]])?.first)
            let id = try #require(assignment["id"] as? Int64)
            #expect(assignment["kind"] as? String == "central" && assignment["tier"] as? String == "close_contact")
            #expect((assignment["phases"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["central", "home"])
            let rooms = try await call(client, .get, "/api/v1/quarantine/sites/\(siteID)/rooms", token: qs, expect: .ok)
            let taken = try #require((rooms.json["rooms"] as? [[String: Any]])?.first { $0["assignment_id"] != nil })
            let roomID = try #require(taken["id"] as? Int64)

            // 单人单间 through the API, in the reader's language.
            let occupied = try await call(client, .post, "/api/v1/quarantine/assignments", token: qs,
                                          #"{"id_number":"\#(validNumber(1))","tier":"close_contact","room_id":\#(roomID)}"#, expect: .conflict)
            #expect(message(occupied.json) == "该房间已有人入住：单人单间。")

            let fever = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/checks", token: qs,
                                       #"{"temperature":38.4,"symptoms":["cough"]}"#, expect: .created)
            #expect(fever.json["alerts"] as? [String] == ["fever", "symptoms"])
            let impossible = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/checks", token: qs, #"{"temperature":50}"#,
                                            expect: .unprocessableContent)
            #expect(message(impossible.json) == "体温数值有误（应在34.0至43.0°C之间）。")
            let alerts = try await call(client, .get, "/api/v1/quarantine/alerts", token: qs, expect: .ok)
            #expect(Set((alerts.json["alerts"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }) == ["fever", "symptoms"])

            let early = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/release", token: qs, "{}", expect: .conflict)
            #expect(message(early.json) == "隔离期未满，不能解除。")
            _ = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/release-early", token: qs, "{}", expect: .unprocessableContent)
            _ = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/release-early", token: grid, #"{"reason":"排除"}"#, expect: .forbidden)
            // Staff of a grid where the person neither lives nor stays do not see the measure at all.
            let qs2 = try await client.token("qs2")
            _ = try await call(client, .get, "/api/v1/quarantine/assignments/\(id)", token: qs2, expect: .notFound)
            let released = try await call(client, .post, "/api/v1/quarantine/assignments/\(id)/release-early", token: qs, #"{"reason":"复核排除密接"}"#,
                                          expect: .ok)
            #expect(released.json["status"] as? String == "released" && released.json["end_kind"] as? String == "early")
            let capacity = try await call(client, .get, "/api/v1/quarantine/capacity", token: qs, expect: .ok)
            #expect((capacity.json["days"] as? [[String: Any]])?.first?["free"] as? Int == 2)

            // Placed again by hand, moved to the other room, then sent to hospital: each with its reason.
            let again = try await call(client, .post, "/api/v1/quarantine/assignments", token: qs, #"{"resident_id":\#(contact),"tier":"close_contact"}"#,
                                       expect: .created)
            let second = try #require(again.json["id"] as? Int64)
            let before = try #require((again.json["stay"] as? [String: Any])?["room_number"] as? String)
            let free = try await call(client, .get, "/api/v1/quarantine/sites/\(siteID)/rooms", token: qs, expect: .ok)
            let target = try #require((free.json["rooms"] as? [[String: Any]])?.first { $0["assignment_id"] == nil }?["id"] as? Int64)
            _ = try await call(client, .post, "/api/v1/quarantine/assignments/\(second)/transfer", token: qs, #"{"room_id":\#(target)}"#,
                               expect: .unprocessableContent)
            let moved = try await call(client, .post, "/api/v1/quarantine/assignments/\(second)/transfer", token: qs,
                                       #"{"room_id":\#(target),"reason":"房间漏水"}"#, expect: .ok)
            #expect((moved.json["stay"] as? [String: Any])?["room_number"] as? String != before)
            let hospital = try await call(client, .post, "/api/v1/quarantine/assignments/\(second)/hospital", token: qs, #"{"reason":"发热转诊"}"#,
                                          expect: .ok)
            #expect(hospital.json["status"] as? String == "hospital")
            let tests = try await call(client, .get, "/api/v1/quarantine/assignments/\(second)/tests", token: qs, expect: .ok)
            #expect((tests.json["tests"] as? [[String: Any]])?.count == 6)
            _ = try await call(client, .get, "/api/v1/quarantine/tests-due?day=nope", token: qs, expect: .badRequest)
        }
    }

    @Test func thePagesCarryASiteAPlacementAndAReleaseNoticeAndTheCitizenReportsFromTheirPhone() async throws {
        try await AppFixture.with { fixture, client in
            let (contact, _) = try await setup(fixture)
            let qs = try await client.browserLogin("qs")
            let created = try await post(client, "/quarantine/sites", session: qs, ["code": "QS000002", "name": "和平宾馆", "area_code": "D1",
                                                                                 "address": "东岗西路1号", "floors": "2", "rooms_per_floor": "3",
                                                                                 "double_rooms_per_floor": "1"])
            let sitePath = try #require(created.location)
            #expect(try await page(client, sitePath, cookie: qs.cookie).contains("201"))
            let overview = try await page(client, "/quarantine", cookie: qs.cookie)
            #expect(overview.contains("居民2") && overview.contains("一键安置"))
            let placed = try await post(client, "/quarantine/assign", session: qs, ["resident_id": "\(contact)"])
            let path = try #require(placed.location)
            let assignment = try await page(client, path, cookie: qs.cookie)
            #expect(assignment.contains("集中隔离") && assignment.contains("居家隔离"))
            _ = try await post(client, path + "/checks", session: qs, ["temperature": "36.6"])
            let bad = try await post(client, path + "/checks", session: qs, ["temperature": "hot"], expect: .unprocessableContent)
            #expect(bad.text.contains("体温数值有误"))
            _ = try await page(client, path + "/notice", cookie: qs.cookie, expect: .conflict)
            _ = try await post(client, path + "/extend", session: qs, ["days": "2", "reason": "同住人阳性"])
            _ = try await post(client, path + "/release-early", session: qs, ["reason": "复核排除密接"])
            let notice = try await page(client, path + "/notice", cookie: qs.cookie)
            #expect(notice.contains("解除隔离告知书") && notice.contains("复核排除密接"))

            // The citizen sees their own measure and reports a check; with none active the form refuses.
            let citizen = try await client.token("citizen")
            let mine = try await call(client, .get, "/api/v1/me/quarantine", token: citizen, expect: .ok)
            #expect((mine.json["assignments"] as? [[String: Any]])?.first?["status"] as? String == "released")
            _ = try await call(client, .post, "/api/v1/me/quarantine/checks", token: citizen, #"{"resident_id":\#(contact),"temperature":36.5}"#,
                               expect: .notFound)
            let browser = try await client.browserLogin("citizen")
            #expect(try await page(client, "/my/quarantine", cookie: browser.cookie).contains("解除"))
            // Commander and grid worker read the overview; the grid worker cannot place anyone.
            let grid = try await client.browserLogin("grid")
            #expect(!(try await page(client, "/quarantine", cookie: grid.cookie)).contains("一键安置"))
            _ = try await post(client, "/quarantine/allocate", session: grid, [:], expect: .forbidden)
            _ = try await page(client, "/quarantine", cookie: (try await client.browserLogin("sampler")).cookie, expect: .forbidden)
        }
    }

    func validNumber(_ i: Int) -> String {
        let body = "62010219800101\(i - 1)1\(i - 1)"
        return body + String(IDNumber.checkCharacter(for: body)!)
    }
}
