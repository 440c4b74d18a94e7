import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Venue codes and check-ins, checkpoint passages, one-scan registration: every flow and every refusal through HTTP.
@Suite struct CheckpointRoutesTests {
    func setup(_ fixture: AppFixture) async throws {
        let database = fixture.deps.database
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        let hash = try await fixture.deps.passwords.hash(AppFixture.password)
        for (name, role, area) in [("citizen", Role.citizen, "H1"), ("door", .checkpointStaff, "D1")] {
            try await database.createUser(username: name, displayName: name, passwordHash: hash, role: role,
                                          areaID: try await database.area(code: area)!.id, actor: op, reason: "test")
        }
        try await database.linkCitizen(username: "citizen", residentID: try await fixture.residentID(named: "居民1"), actor: op)
        let g1 = try await database.area(code: "G1")!
        try await database.write { session in
            try await session.insert(into: "venues", columns: ["code", "name", "category", "area_id", "created_at"],
                                     rows: [[.text("V000001"), .text("张掖路步行街"), .text("street"), .int(g1.id), .int(UnixTime.now())]])
        }
    }

    @Test func aCitizenChecksInWithTheCodeOnTheVenuesScreenButNotWithAnOldOrForgedOne() async throws {
        try await AppFixture.with { fixture, client in
            try await setup(fixture)
            let door = try await client.token("door"), citizen = try await client.token("citizen")
            let shown = try await call(client, .get, "/api/v1/venues/V000001/code", token: door, expect: .ok)
            let code = try #require(shown.json["code"] as? String)
            #expect((shown.json["url"] as? String)?.contains("/checkin?c=CDV1") == true)
            let done = try await call(client, .post, "/api/v1/checkins", token: citizen, #"{"code":"\#(code)"}"#, expect: .created)
            #expect(done.json["venue_name"] as? String == "张掖路步行街")
            #expect(done.json["colour"] as? String == "green")

            let parts = code.split(separator: ".")
            let old = "\(parts[0]).\(Int64(parts[1])! - 20).\(parts[2])"
            let forwarded = try await call(client, .post, "/api/v1/checkins", token: citizen, #"{"code":"\#(old)"}"#, expect: .unprocessableContent)
            // The old slot's tag no longer matches either, so the check says forged before it says stale.
            #expect(["场所码无效：不是本场所出示的码。", "场所码已过期：请扫描场所入口现场展示的码，截图或转发的照片不能登记。"].contains(message(forwarded.json) ?? ""))
            let tampered = "\(parts[0]).\(parts[1]).AAAAAAAAAAAAAAAA"
            let forged = try await call(client, .post, "/api/v1/checkins", token: citizen, #"{"code":"\#(tampered)"}"#, expect: .unprocessableContent)
            #expect(message(forged.json) == "场所码无效：不是本场所出示的码。")
            _ = try await call(client, .post, "/api/v1/checkins", token: citizen, #"{"code":"hello"}"#, expect: .unprocessableContent)
            _ = try await call(client, .post, "/api/v1/checkins", token: door, #"{"code":"\#(code)"}"#, expect: .forbidden)
            let visits = try await fixture.deps.database.read { s in try await s.select("SELECT COUNT(*) FROM venue_visits", binds: [], types: [.int]) }
            #expect(visits.first?.first == .int(1))
            _ = try await call(client, .get, "/api/v1/venues/V000001/code", token: citizen, expect: .forbidden)
        }
    }

    @Test func aTravellerRegistersOnceAndPassesACheckpointWithAScanAndATemperature() async throws {
        try await AppFixture.with { fixture, client in
            try await setup(fixture)
            let body = "62010219900101123"
            let id = body + String(IDNumber.checkCharacter(for: body)!)
            let bad = try await call(client, .post, "/api/v1/travel-registrations",
                                     #"{"name":"王五","id_number":"620102199001011230","phone":"13812345678","plate":"陕A1","origin":"西安市"}"#,
                                     expect: .badRequest)
            let issues = (bad.json["error"] as? [String: Any])?["issues"] as? [String] ?? []
            #expect(issues.count == 2)
            #expect(issues.contains { $0.hasPrefix("车牌号") } && issues.contains { $0.hasPrefix("身份证号") })
            let ok = try await call(client, .post, "/api/v1/travel-registrations",
                                    #"{"name":"王五","id_number":"\#(id)","phone":"13812345678","plate":"陕A12345","origin":"西安市","remarks":"送菜"}"#,
                                    expect: .created)
            let pass = try #require(ok.json["pass"] as? String)
            #expect(ok.json["masked_name"] as? String == "王*")

            let officer = try await client.token("officer")
            _ = try await call(client, .post, "/api/v1/checkpoints", token: officer,
                               #"{"code":"KK000001","name":"兰州东收费站","area_code":"G1","kind":"traffic"}"#, expect: .created)
            _ = try await call(client, .post, "/api/v1/checkpoints", token: officer,
                               #"{"code":"KK000002","name":"x","area_code":"H2","kind":"traffic"}"#, expect: .notFound)
            let door = try await client.token("door")
            let passage = try await call(client, .post, "/api/v1/checkpoints/passages", token: door,
                                         #"{"checkpoint":"KK000001","pass":"\#(pass)","temperature":37.5,"direction":"in"}"#, expect: .created)
            #expect(passage.json["fever"] as? Bool == true)
            #expect(passage.json["kind"] as? String == "travel")
            // An altered pass and a cold reading of 12 °C are refused, and nothing more is recorded.
            let altered = String(pass.dropLast()) + (pass.hasSuffix("0") ? "1" : "0")
            _ = try await call(client, .post, "/api/v1/checkpoints/passages", token: door,
                               #"{"checkpoint":"KK000001","pass":"\#(altered)","temperature":36.5}"#, expect: .unprocessableContent)
            let cold = try await call(client, .post, "/api/v1/checkpoints/passages", token: door,
                                      #"{"checkpoint":"KK000001","pass":"\#(pass)","temperature":12}"#, expect: .badRequest)
            #expect(message(cold.json) == "体温读数超出范围（34.0–43.0 °C）。")
            let listed = try await call(client, .get, "/api/v1/checkpoints/passages", token: door, expect: .ok)
            #expect((listed.json["passages"] as? [[String: Any]])?.count == 1)
            _ = try await call(client, .get, "/api/v1/checkpoints/passages", token: try await client.token("grid"), expect: .forbidden)
        }
    }

    @Test func pagesByRole() async throws {
        try await AppFixture.with { fixture, client in
            try await setup(fixture)
            for (user, uri, status) in [("door", "/venues", HTTPResponse.Status.ok), ("door", "/venues/V000001/poster", .ok),
                                        ("door", "/venues/V000001/daily", .ok), ("citizen", "/venues", .forbidden), ("citizen", "/checkin", .ok),
                                        ("door", "/checkin", .forbidden), ("door", "/checkpoints", .ok), ("officer", "/checkpoints", .ok),
                                        ("citizen", "/checkpoints", .forbidden), ("grid", "/venues/V000001/poster", .ok)] {
                let (cookie, _) = try await client.browserLogin(user)
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == status, "\(user) \(uri)")
                    if uri.hasSuffix("/poster") && status == .ok { #expect(String(buffer: response.body).contains("<svg")) }
                }
            }
            try await client.execute(uri: "/travel", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/travel", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "name=%E7%8E%8B%E4%BA%94&id_number=1&phone=1&plate=x&origin=")) { response in
                #expect(response.status == .badRequest)
                let html = String(buffer: response.body)
                #expect(html.contains("travel-issues") && html.contains("车牌号"))
            }
        }
    }
}
