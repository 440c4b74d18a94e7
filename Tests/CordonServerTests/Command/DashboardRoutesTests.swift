import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The dashboard through HTTP, by role: the commander sees the city and clicks down, a district officer sees only
/// their district, other roles see none.
@Suite struct DashboardRoutesTests {
    @Test func theCommanderClicksDownAndADistrictOfficerSeesOnlyTheirDistrict() async throws {
        try await AppFixture.with { fixture, client in
            let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await fixture.deps.database.cityArea()!)
            let now = UnixTime.now()
            _ = try await Tracing(registry: fixture.deps.registry).register(
                NewCase(residentID: try await fixture.residentID(named: "居民1"), classification: .confirmed, severity: .mild, onset: CivilDate(unixTime: now),
                        sampledAt: now - 7_200, reportedAt: now - 60, foundBy: .contactManagement, treatedAt: "市第二人民医院", isolatedAt: now - 60),
                actor: op, now: now)
            let commander = try await client.token("commander")
            let city = try await call(client, .get, "/api/v1/dashboard", token: commander, expect: .ok)
            #expect(city.json["area"] as? String == "C")
            #expect((city.json["curve"] as? [[String: Any]])?.last?["confirmed"] as? Int == 1)
            #expect((city.json["children"] as? [[String: Any]])?.map { $0["code"] as? String } == ["D1", "D2"])
            #expect((city.json["children"] as? [[String: Any]])?.first?["today"] as? Int == 1)
            #expect(city.json["under_control_share"] as? Double == 1)
            let d1 = try await call(client, .get, "/api/v1/dashboard?area=D1", token: commander, expect: .ok)
            #expect((d1.json["children"] as? [[String: Any]])?.map { $0["code"] as? String } == ["G1"])
            _ = try await call(client, .get, "/api/v1/dashboard?area=NOPE", token: commander, expect: .notFound)

            let officer = try await client.token("officer")
            let own = try await call(client, .get, "/api/v1/dashboard", token: officer, expect: .ok)
            #expect(own.json["area"] as? String == "D1")
            _ = try await call(client, .get, "/api/v1/dashboard?area=D2", token: officer, expect: .notFound)
            _ = try await call(client, .get, "/api/v1/dashboard?area=C", token: officer, expect: .notFound)
            _ = try await call(client, .get, "/api/v1/dashboard", token: try await client.token("grid"), expect: .forbidden)
            _ = try await call(client, .get, "/api/v1/dashboard", expect: .unauthorized)

            let browser = try await client.browserLogin("commander")
            let html = try await page(client, "/dashboard", cookie: browser.cookie)
            #expect(html.contains("七里河区") && html.contains("/dashboard?area=D1") && html.contains("<svg"))
            _ = try await page(client, "/dashboard", cookie: (try await client.browserLogin("grid")).cookie, expect: .forbidden)

            // The day's bulletin says the same numbers, in Chinese and in English, as a page and as a file.
            let bulletin = try await call(client, .get, "/api/v1/bulletin", token: commander, expect: .ok)
            #expect(bulletin.json["new_confirmed"] as? Int == 1 && bulletin.json["found_under_control"] as? Int == 1)
            let text = (bulletin.json["text"] as? [String] ?? []).joined()
            #expect(text.contains("兰州市新增本土确诊病例1例、无症状感染者0例（城关区确诊1例、无症状0例）。其中，在隔离管控中发现1例"))
            let english = try await call(client, .get, "/api/v1/bulletin?lang=en&area=D2", token: commander, expect: .ok)
            #expect((english.json["text"] as? [String])?.first?.contains("reported 0 new confirmed local cases") == true)
            _ = try await call(client, .get, "/api/v1/bulletin?date=2026-02-30", token: commander, expect: .badRequest)
            _ = try await call(client, .get, "/api/v1/bulletin?area=D2", token: officer, expect: .notFound)
            #expect(try await page(client, "/bulletin", cookie: browser.cookie).contains("累计报告本土确诊病例1例"))
            #expect(try await page(client, "/bulletin.txt?area=D1", cookie: browser.cookie).contains("城关区新增本土确诊病例1例"))
        }
    }
}
