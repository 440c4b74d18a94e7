import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Cases, trajectories, contacts, the ledger, risk points, imports, exports and clusters through HTTP, by role.
@Suite struct TracingRoutesTests {
    /// 居民3…居民6 join 居民1 in H1 (D1); a noodle shop in G1 where 居民1 and 居民5 met yesterday, and 居民2 (H2, D2) came later.
    func setup(_ fixture: AppFixture) async throws -> (market: Int64, visit: Int64, ids: [Int: Int64]) {
        let database = fixture.deps.database
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        var csv = "name,id_number,phone,household_code\n"
        for i in 3...6 { csv += "居民\(i),\(Self.idNumber(i)),1390000000\(i),H1\n" }
        _ = try await fixture.deps.registry.importResidents(csv: Array(csv.utf8), actor: op, skipInvalid: false, reason: "test")
        var found: [Int: Int64] = [:]
        for i in 1...6 { found[i] = try await fixture.residentID(named: "居民\(i)") }
        let ids = found
        let g1 = try await database.area(code: "G1")!
        let visit = UnixTime.now() - 26 * 3_600
        try await database.write { session in
            try await session.insert(into: "venues", columns: ["id", "code", "name", "category", "area_id", "created_at"],
                                     rows: [[.int(1), .text("V1"), .text("东岗牛肉面馆"), .text("restaurant"), .int(g1.id), .int(visit)]])
            try await session.insert(into: "venue_visits", columns: ["resident_id", "venue_id", "entered_at", "left_at"], rows: [
                [.int(ids[1]!), .int(1), .int(visit), .int(visit + 3_600)],
                [.int(ids[5]!), .int(1), .int(visit + 1_800), .int(visit + 5_400)],
                [.int(ids[2]!), .int(1), .int(visit + 4_800), .int(visit + 6_000)],
            ])
        }
        return (1, visit, ids)
    }

    static func idNumber(_ i: Int) -> String {
        let body = "62010219900101\(i)2\(i)"
        return body + String(IDNumber.checkCharacter(for: body)!)
    }

    func newCase(_ resident: Int64, onset: String? = nil, classification: String = "confirmed") -> String {
        let now = UnixTime.now()
        return #"{"resident_id":\#(resident),"classification":"\#(classification)","severity":"mild","#
            + (onset.map { #""onset_date":"\#($0)","# } ?? "")
            + #""sampled_at":\#(now - 7_200),"reported_at":\#(now - 60),"found_by":"screening","treated_at":"市第二人民医院","isolated_at":\#(now - 3_600)}"#
    }

    @Test func anEpidemiologistTracesACaseThroughTheAPIAndEveryBadInputIsNamed() async throws {
        try await AppFixture.with { fixture, client in
            let (market, visit, ids) = try await setup(fixture)
            let tracer = try await client.token("tracer")
            let tomorrow = CivilDate(unixTime: UnixTime.now()).adding(days: 1).description
            let refused = try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[1]!, onset: tomorrow), expect: .unprocessableContent)
            #expect(message(refused.json) == "流调信息未被接受")
            #expect(issues(refused.json) == ["发病日期: 发病日期晚于报告日期"])
            _ = try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[1]!, onset: "2026-13-40"), expect: .unprocessableContent)
            let created = try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[1]!), expect: .created)
            let caseID = try #require(created.json["id"] as? Int64)
            let twice = try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[1]!), expect: .unprocessableContent)
            #expect(issues(twice.json) == ["人员: 此人已是在管病例"])

            let unknown = try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory", token: tracer,
                                         #"{"venue_code":"NOPE","started_at":\#(visit - 7_200),"ended_at":\#(visit - 3_600)}"#, expect: .unprocessableContent)
            #expect(issues(unknown.json) == ["场所码编号: 查无此场所"])
            let outside = try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory", token: tracer,
                                         #"{"place":"亲戚家","started_at":\#(visit - 40 * 86_400),"ended_at":\#(visit - 40 * 86_400 + 60)}"#,
                                         expect: .unprocessableContent)
            #expect(issues(outside.json) == ["开始时间: 不在病例暴露期内"])
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory", token: tracer,
                               #"{"place":"亲戚家","started_at":\#(visit - 86_400),"ended_at":\#(visit - 80_000),"note":"聚餐"}"#, expect: .created)
            let trajectory = try await call(client, .get, "/api/v1/cases/\(caseID)/trajectory", token: tracer, expect: .ok)
            #expect((trajectory.json["items"] as? [[String: Any]])?.map { $0["source"] as? String } == ["interview", "scan"])

            let proposed = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts/propose", token: tracer, expect: .ok)
            #expect(proposed.json["close"] as? Int == 5)   // 居民3…6 at home, 居民5 and 居民2 at the noodle shop (居民5 counted once per route)
            let links = try await call(client, .get, "/api/v1/cases/\(caseID)/contacts", token: tracer, expect: .ok)
            let rows = try #require(links.json["contacts"] as? [[String: Any]])
            let market2 = try #require(rows.first { $0["resident_id"] as? Int64 == ids[2]! })
            #expect(market2["route"] as? String == "venue" && market2["venue_name"] as? String == "东岗牛肉面馆")
            let noReason = try await call(client, .post, "/api/v1/contact-links/\(market2["id"] as! Int64)/decision", token: tracer,
                                          #"{"confirm":false}"#, expect: .unprocessableContent)
            #expect(issues(noReason.json) == ["原因: 须填写原因"])
            for row in rows where row["resident_id"] as? Int64 != ids[6]! {
                _ = try await call(client, .post, "/api/v1/contact-links/\(row["id"] as! Int64)/decision", token: tracer, #"{"confirm":true}"#,
                                   expect: .noContent)
            }
            let himself = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts", token: tracer,
                                         #"{"resident_id":\#(ids[1]!),"tier":"close","exposed_at":\#(visit),"reason":"同车"}"#, expect: .unprocessableContent)
            #expect(issues(himself.json) == ["人员: 不能是病例本人"])

            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/risk-points", token: tracer,
                               #"{"venue_id":\#(market),"started_at":\#(visit),"ended_at":\#(visit + 3_600)}"#, expect: .created)
            let published = try await call(client, .get, "/api/v1/risk-points", expect: .ok)
            let point = try #require((published.json["risk_points"] as? [[String: Any]])?.first)
            #expect(Set(point.keys) == ["venue", "area", "starts_at", "ends_at"])

            let detail = try await call(client, .get, "/api/v1/cases/\(caseID)", token: tracer, expect: .ok)
            #expect((detail.json["risk_points"] as? [[String: Any]])?.count == 1)
            #expect((detail.json["chain"] as? [Int64]) == [caseID])
        }
    }

    @Test func theLedgerIsPushedToTheContactsCommunityRecordedInOrderAndExported() async throws {
        try await AppFixture.with { fixture, client in
            let (_, visit, ids) = try await setup(fixture)
            let tracer = try await client.token("tracer")
            let caseID = try #require(try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[2]!), expect: .created).json["id"] as? Int64)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts", token: tracer,
                               #"{"id_number":"\#(Self.idNumber(3))","tier":"close","exposed_at":\#(visit),"reason":"同事"}"#, expect: .created)
            let grid = try await client.token("grid")
            let ledger = try await call(client, .get, "/api/v1/contacts", token: grid, expect: .ok)
            let entry = try #require((ledger.json["contacts"] as? [[String: Any]])?.first)
            #expect(entry["name"] as? String == "居民3" && entry["next"] as? String == "notified")
            let contactID = try #require(entry["contact_id"] as? Int64)
            let early = try await call(client, .post, "/api/v1/contacts/\(contactID)/stages", token: grid, #"{"stage":"tested"}"#, expect: .unprocessableContent)
            #expect(issues(early.json) == ["环节: 须按顺序完成上一环节"])
            for stage in ["notified", "traced", "tested"] {
                _ = try await call(client, .post, "/api/v1/contacts/\(contactID)/stages", token: grid, #"{"stage":"\#(stage)"}"#, expect: .noContent)
            }
            // The case lives in D2: the D1 officer does not see it, nor may a grid worker or a lab register cases.
            let officer = try await client.token("officer")
            _ = try await call(client, .get, "/api/v1/cases/\(caseID)", token: officer, expect: .notFound)
            _ = try await call(client, .post, "/api/v1/cases", token: grid, newCase(ids[4]!), expect: .forbidden)
            _ = try await call(client, .get, "/api/v1/cases", token: try await client.token("lab"), expect: .forbidden)
            _ = try await call(client, .get, "/api/v1/contacts", token: try await client.token("sampler"), expect: .forbidden)
            let csv = try await call(client, .get, "/api/v1/contacts/export.csv?filter=all", token: officer, expect: .ok)
            let lines = csv.text.split(separator: "\n")
            #expect(lines.count == 2 && lines[1].contains("居民3") && lines[1].contains("controlled"))
            let byCommunity = try await call(client, .get, "/api/v1/contacts/overdue-by-community", token: officer, expect: .ok)
            #expect((byCommunity.json["communities"] as? [[String: Any]])?.first?["open"] as? Int == 1)
        }
    }

    @Test func contactsFromOtherTeamsImportWholeOrNotAtAll() async throws {
        try await AppFixture.with { fixture, client in
            let (_, _, ids) = try await setup(fixture)
            let tracer = try await client.token("tracer")
            let caseID = try #require(try await call(client, .post, "/api/v1/cases", token: tracer, newCase(ids[1]!), expect: .created).json["id"] as? Int64)
            let yesterday = LocalTime.format(UnixTime.now() - 86_400).replacingOccurrences(of: "T", with: " ")
            let bad = "case_id,id_number,tier,exposed_at\n\(caseID),\(Self.idNumber(3)),close,\(yesterday)\n\(caseID),\(Self.idNumber(3)),close,\(yesterday)\n"
            let refused = try await call(client, .post, "/api/v1/contacts/import", token: tracer, bad, contentType: "text/csv", expect: .unprocessableContent)
            #expect(issues(refused.json).count == 1 && issues(refused.json)[0].contains("3"))
            let good = "case_id,id_number,tier,exposed_at\n\(caseID),\(Self.idNumber(3)),close,\(yesterday)\n\(caseID),\(Self.idNumber(4)),close,\(yesterday)\n"
            let done = try await call(client, .post, "/api/v1/contacts/import", token: tracer, good, contentType: "text/csv", expect: .created)
            #expect(done.json["inserted"] as? Int == 2)
            let ledger = try await call(client, .get, "/api/v1/contacts", token: tracer, expect: .ok)
            #expect((ledger.json["contacts"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test func thePagesCarryAWholeCaseFromRegistrationToItsChain() async throws {
        try await AppFixture.with { fixture, client in
            let (_, visit, ids) = try await setup(fixture)
            let session = try await client.browserLogin("tracer")
            let list = try await page(client, "/cases", cookie: session.cookie)
            #expect(list.contains("id=\"new-case\""))
            let sampled = LocalTime.format(UnixTime.now() - 7_200)
            let registered: (location: String?, text: String) = try await post(client, "/cases", session: session, ["id_number": Self.idNumber(5), "classification": "asymptomatic",
                                                                               "severity": "none", "sampled_at": sampled, "found_by": "screening"])
            let path = try #require(registered.location)
            _ = try await post(client, "/cases", session: session, ["id_number": "nobody", "classification": "confirmed", "sampled_at": sampled,
                                                                   "found_by": "screening"], expect: .unprocessableContent)
            _ = try await post(client, path + "/propose", session: session, [:])
            var html = try await page(client, path, cookie: session.cookie)
            #expect(html.contains("<svg") && html.contains("东岗牛肉面馆"))
            #expect(html.contains("/links/") && html.contains("居民1"))
            let link = html.components(separatedBy: "/links/")[1].components(separatedBy: "/")[0]
            _ = try await post(client, path + "/links/\(link)/confirm", session: session, [:])
            _ = try await post(client, path + "/entries", session: session, ["place": "单位食堂", "started_at": LocalTime.format(visit - 3_600),
                                                                             "ended_at": LocalTime.format(visit - 1_800), "note": "午饭"])
            let bad = try await post(client, path + "/entries", session: session, ["venue_code": "NOPE", "started_at": LocalTime.format(visit - 3_600),
                                                                                   "ended_at": LocalTime.format(visit - 1_800)], expect: .unprocessableContent)
            #expect(bad.text.contains("查无此场所"))
            html = try await page(client, path, cookie: session.cookie)
            #expect(html.contains("单位食堂") && html.contains("已确认"))
            let second = try await post(client, "/cases", session: session, ["id_number": Self.idNumber(6), "classification": "confirmed",
                                                                             "sampled_at": sampled, "found_by": "contact_management"])
            let other = try #require(second.location?.components(separatedBy: "/").last)
            _ = try await post(client, path + "/chain", session: session, ["to_case_id": other])
            let clusters = try await page(client, "/clusters", cookie: session.cookie)
            #expect(clusters.contains("<svg") && clusters.contains("/cases/\(other)"))
            let contacts = try await page(client, "/contacts", cookie: session.cookie)
            #expect(contacts.contains("/stage"))
            let grid = try await client.browserLogin("grid")
            let gridLedger = try await page(client, "/contacts", cookie: grid.cookie)
            let contact = gridLedger.components(separatedBy: "action=\"/contacts/")[1].components(separatedBy: "/")[0]
            _ = try await post(client, "/contacts/\(contact)/stage", session: grid, ["stage": "notified", "note": "电话通知"])
            _ = try await page(client, "/cases", cookie: grid.cookie)
            // The case page's other forms: confirm every proposal, withdraw an entry, mark and lift a risk point, record an outcome.
            _ = try await post(client, path + "/confirm-all", session: session, ["tier": "close"])
            // A tier that is not one is refused as the API refuses it, naming the field.
            _ = try await post(client, path + "/confirm-all", session: session, ["tier": "nobody"], expect: .badRequest)
            html = try await page(client, path, cookie: session.cookie)
            #expect(!html.contains("/confirm-all"))
            let entry = html.components(separatedBy: "/entries/")[1].components(separatedBy: "/")[0]
            _ = try await post(client, path + "/entries/\(entry)/remove", session: session, ["reason": "记错了"])
            let mark = html.components(separatedBy: "action=\"\(path)/risk-points\"")[1]
            func hidden(_ name: String) -> String { mark.components(separatedBy: "name=\"\(name)\" value=\"")[1].components(separatedBy: "\"")[0] }
            _ = try await post(client, path + "/risk-points", session: session,
                               ["venue_id": hidden("venue_id"), "started_at": hidden("started_at"), "ended_at": hidden("ended_at")])
            html = try await page(client, path, cookie: session.cookie)
            #expect(!html.contains("单位食堂"))
            let point = html.components(separatedBy: "/risk-points/")[1].components(separatedBy: "/")[0]
            _ = try await page(client, "/risk-points/\(point)/visitors", cookie: session.cookie)
            _ = try await post(client, "/risk-points/\(point)/lift", session: session, ["reason": ""], expect: .badRequest)
            _ = try await post(client, path + "/outcome", session: session, ["outcome": "recovered", "reason": "出院"])
            #expect(try await page(client, path, cookie: session.cookie).contains("治愈出院"))
            let publicPage = try await client.execute(uri: "/risk-points", method: .get) { String(buffer: $0.body) }
            #expect(publicPage.contains("风险点位"))
            _ = ids
        }
    }
}

/// The remaining case flows through the API: outcome, withdrawn entries, confirm-all, clusters, lifting a risk point.
@Suite struct CaseFlowRoutesTests {
    @Test func theRestOfACaseWorksThroughTheAPIAndIsJournaled() async throws {
        try await AppFixture.with { fixture, client in
            let (market, visit, ids) = try await TracingRoutesTests().setup(fixture)
            let tracer = try await client.token("tracer")
            let body = TracingRoutesTests().newCase(ids[1]!)
            let caseID = try #require(try await call(client, .post, "/api/v1/cases", token: tracer, body, expect: .created).json["id"] as? Int64)
            let entry = try #require(try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory", token: tracer,
                                                    #"{"venue_code":"V1","started_at":\#(visit - 7_200),"ended_at":\#(visit - 3_600)}"#,
                                                    expect: .created).json["id"] as? Int64)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory/\(entry)/remove", token: tracer, #"{"reason":" "}"#,
                               expect: .unprocessableContent)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/trajectory/\(entry)/remove", token: tracer, #"{"reason":"记错了"}"#,
                               expect: .noContent)
            let items = try await call(client, .get, "/api/v1/cases/\(caseID)/trajectory", token: tracer, expect: .ok).json["items"] as? [[String: Any]]
            #expect(items?.count == 1)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts/propose", token: tracer, expect: .ok)
            let unknownTier = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts/confirm-all", token: tracer, #"{"tier":"nobody"}"#,
                                             expect: .badRequest)
            #expect(fields(unknownTier.json) == ["tier"])
            let confirmed = try await call(client, .post, "/api/v1/cases/\(caseID)/contacts/confirm-all", token: tracer, #"{"tier":"close"}"#,
                                           expect: .ok)
            #expect(confirmed.json["confirmed"] as? Int == 5)
            let point = try #require(try await call(client, .post, "/api/v1/cases/\(caseID)/risk-points", token: tracer,
                                                    #"{"venue_id":\#(market),"started_at":\#(visit),"ended_at":\#(visit + 3_600)}"#,
                                                    expect: .created).json["id"] as? Int64)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/risk-points", token: tracer,
                               #"{"venue_id":\#(market),"started_at":\#(visit),"ended_at":\#(visit + 3_600)}"#, expect: .conflict)
            let visitors = try await call(client, .get, "/api/v1/risk-points/\(point)/visitors", token: tracer, expect: .ok)
            #expect((visitors.json["visitors"] as? [[String: Any]])?.count == 2)
            let toTest = try await call(client, .get, "/api/v1/risk-points/visitors-to-test", token: try await client.token("officer"), expect: .ok)
            #expect((toTest.json["visitors"] as? [[String: Any]])?.map { $0["name"] as? String } == ["居民5"])   // 居民2 lives in D2
            _ = try await call(client, .post, "/api/v1/risk-points/\(point)/lift", token: tracer, #"{"reason":"误判"}"#, expect: .noContent)
            #expect((try await call(client, .get, "/api/v1/risk-points", expect: .ok).json["risk_points"] as? [[String: Any]])?.isEmpty == true)

            let second = try #require(try await call(client, .post, "/api/v1/cases", token: tracer, TracingRoutesTests().newCase(ids[2]!),
                                                     expect: .created).json["id"] as? Int64)
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/links", token: tracer, #"{"to_case_id":\#(caseID)}"#, expect: .unprocessableContent)
            // 居民2 was a confirmed contact of the first case: the chain already links them, either way round.
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/links", token: tracer, #"{"to_case_id":\#(second)}"#, expect: .conflict)
            _ = try await call(client, .post, "/api/v1/cases/\(second)/links", token: tracer, #"{"to_case_id":\#(caseID)}"#, expect: .conflict)
            let clusters = try await call(client, .get, "/api/v1/clusters", token: tracer, expect: .ok).json["clusters"] as? [[String: Any]]
            #expect(clusters?.first?["case_ids"] as? [Int64] == [caseID, second])
            let unknownOutcome = try await call(client, .post, "/api/v1/cases/\(caseID)/outcome", token: tracer, #"{"outcome":"cured","reason":"x"}"#,
                                                expect: .badRequest)
            #expect(fields(unknownOutcome.json) == ["outcome"])
            _ = try await call(client, .post, "/api/v1/cases/\(caseID)/outcome", token: tracer, #"{"outcome":"recovered","reason":"出院"}"#,
                               expect: .noContent)
            let open = try await call(client, .get, "/api/v1/cases?open=1", token: tracer, expect: .ok).json["cases"] as? [[String: Any]]
            #expect(open?.map { $0["id"] as? Int64 } == [second])
            let actions = try await fixture.deps.database.journal(limit: 200).map(\.action)
            for action in ["case.register", "case.trajectory.add", "case.trajectory.remove", "case.contacts.propose", "contact.confirm_all",
                           "risk_point.mark", "risk_point.lift", "case.outcome"] {
                #expect(actions.contains(action), "\(action) is journaled")
            }
        }
    }
}
