import CordonDomain
import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The citizen's code and pass, verification at a door, the two-officer manual colour, the appeal view, by role.
@Suite struct CodeRoutesTests {
    /// Adds the accounts these flows need: a citizen who is 居民1, two code officers, door staff and a hotline agent.
    func accounts(_ fixture: AppFixture) async throws -> Int64 {
        let database = fixture.deps.database
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        let hash = try await fixture.deps.passwords.hash(AppFixture.password)
        for (name, role, area) in [("citizen", Role.citizen, "H1"), ("officer1", .codeOfficer, "C"), ("officer2", .codeOfficer, "C"),
                                   ("door", .checkpointStaff, "D1"), ("hotline", .hotlineAgent, "C")] {
            try await database.createUser(username: name, displayName: name, passwordHash: hash, role: role,
                                          areaID: try await database.area(code: area)!.id, actor: op, reason: "test")
        }
        let me = try await fixture.residentID(named: "居民1")
        try await database.linkCitizen(username: "citizen", residentID: me, actor: op)
        return me
    }

    @Test func aCitizenGetsAGreenPassThatADoorVerifiesAndAnAlteredOneIsRefused() async throws {
        try await AppFixture.with { fixture, client in
            let me = try await accounts(fixture)
            let citizen = try await client.token("citizen")
            let codes = try await call(client, .get, "/api/v1/me/codes", token: citizen, expect: .ok)
            let mine = try #require((codes.json["codes"] as? [[String: Any]])?.first)
            #expect(mine["resident_id"] as? Int64 == me)
            #expect(mine["colour"] as? String == "green")
            #expect(mine["masked_name"] as? String == "居*1")
            let pass = try #require(mine["pass"] as? String)
            #expect(pass.hasPrefix("CDN1:"))
            let expires = try #require(mine["pass_expires_at"] as? Int64)
            #expect(expires - Int64(Date().timeIntervalSince1970) <= 300)

            // The trust list is public: a door loads it without an account.
            let trust = try await call(client, .get, "/api/v1/trust-list", expect: .ok)
            #expect((trust.json["keys"] as? [[String: Any]])?.first?["crv"] as? String == "P-256")

            let door = try await client.token("door")
            let verdict = try await call(client, .post, "/api/v1/passes/verify", token: door, #"{"pass":"\#(pass)"}"#, expect: .ok)
            // Door staff see a colour and a masked name, nothing else about the person.
            #expect(Set(verdict.json.keys) == ["colour", "masked_name", "expires_at", "kind"])
            #expect(verdict.json["colour"] as? String == "green")
            #expect(verdict.json["masked_name"] as? String == "居*1")

            var bytes = Array(pass.utf8)
            let i = bytes.count - 20
            bytes[i] = bytes[i] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
            let tampered = try await call(client, .post, "/api/v1/passes/verify", token: door, #"{"pass":"\#(String(decoding: bytes, as: UTF8.self))"}"#,
                                          expect: .unprocessableContent)
            #expect(["签名不符：通行证被篡改。", "通行证内容损坏，无法识别。"].contains(message(tampered.json) ?? ""))
            let cut = try await call(client, .post, "/api/v1/passes/verify", token: door, #"{"pass":"\#(pass.prefix(pass.count - 1))"}"#,
                                     expect: .unprocessableContent)
            #expect(message(cut.json) != nil)
            let foreign = try await call(client, .post, "/api/v1/passes/verify", token: door, #"{"pass":"HC1:NCFOXN%TS3DH"}"#, expect: .unprocessableContent)
            #expect(message(foreign.json) == "不是本系统的通行证。")

            // Somebody else's code is not the citizen's to open.
            let other = try await fixture.residentID(named: "居民2")
            _ = try await call(client, .get, "/api/v1/me/codes/\(other)/pass", token: citizen, expect: .notFound)
            _ = try await call(client, .get, "/api/v1/me/codes/\(me)/pass", token: citizen, expect: .ok)
        }
    }

    @Test func aManualColourTakesTwoOfficersAndTheCitizenSeesWhy() async throws {
        try await AppFixture.with { fixture, client in
            let me = try await accounts(fixture)
            let officer1 = try await client.token("officer1"), officer2 = try await client.token("officer2")
            let noReason = try await call(client, .post, "/api/v1/codes/manual", token: officer1,
                                          #"{"resident_id":\#(me),"colour":"red","reason":"  ","hours":24}"#, expect: .badRequest)
            #expect(message(noReason.json) == "人工赋码须填写理由，有效期在方案允许范围内。")
            _ = try await call(client, .post, "/api/v1/codes/manual", token: officer1,
                               #"{"resident_id":\#(me),"colour":"red","reason":"拒不配合","hours":10000}"#, expect: .badRequest)
            _ = try await call(client, .post, "/api/v1/codes/manual", token: officer1,
                               #"{"resident_id":\#(me),"colour":"purple","reason":"拒不配合","hours":24}"#, expect: .badRequest)
            _ = try await call(client, .post, "/api/v1/codes/manual", token: try await client.token("grid"),
                               #"{"resident_id":\#(me),"colour":"red","reason":"拒不配合","hours":24}"#, expect: .forbidden)
            let created = try await call(client, .post, "/api/v1/codes/manual", token: officer1,
                                         #"{"resident_id":\#(me),"colour":"red","reason":"拒不配合流调","hours":24}"#, expect: .created)
            let request = try #require(created.json["id"] as? Int64)
            let citizen = try await client.token("citizen")
            #expect((try await call(client, .get, "/api/v1/me/codes", token: citizen, expect: .ok).json["codes"] as? [[String: Any]])?.first?["colour"] as? String == "green")

            _ = try await call(client, .post, "/api/v1/codes/manual/\(request)/decision", token: officer1, #"{"approve":true}"#, expect: .forbidden)
            let pending = try await call(client, .get, "/api/v1/codes/manual?pending=1", token: officer2, expect: .ok)
            #expect((pending.json["requests"] as? [[String: Any]])?.count == 1)
            _ = try await call(client, .post, "/api/v1/codes/manual/\(request)/decision", token: officer2, #"{"approve":true}"#, expect: .noContent)
            _ = try await call(client, .post, "/api/v1/codes/manual/\(request)/decision", token: officer2, #"{"approve":false}"#, expect: .conflict)

            let code = try #require((try await call(client, .get, "/api/v1/me/codes", token: citizen, expect: .ok).json["codes"] as? [[String: Any]])?.first)
            #expect(code["colour"] as? String == "red")
            let reason = try #require((code["reasons"] as? [[String: Any]])?.first)
            #expect(reason["rule"] as? String == "manual")
            #expect(reason["text"] as? String == "人工赋码：拒不配合流调")
            #expect((reason["how_to_clear"] as? String)?.hasPrefix("到期自动解除") == true)

            // A red code is not printed on paper.
            let (cookie, _) = try await client.browserLogin("citizen")
            try await client.execute(uri: "/code/\(me)/paper", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("只有绿码可以打印纸质通行证。"))
            }
            let page = try await client.execute(uri: "/code", method: .get, headers: [.cookie: cookie]) { String(buffer: $0.body) }
            #expect(page.contains("红码"))
            #expect(page.contains("<svg"))
            #expect(page.contains("拒不配合流调"))

            // The hotline agent answering an appeal sees the rule and the fact, and the read is audited.
            let hotline = try await client.token("hotline")
            let appeal = try await call(client, .get, "/api/v1/residents/\(me)/code", token: hotline, expect: .ok)
            #expect(((appeal.json["reasons"] as? [[String: Any]])?.first?["source_kind"] as? String) == "manual_colour")
            let audit = try await call(client, .get, "/api/v1/audit?resident_id=\(me)", token: try await client.token("auditor"), expect: .ok)
            #expect(audit.text.contains("health code"))
            let today = CivilDate(unixTime: Int64(Date().timeIntervalSince1970)).description
            let daily = try await call(client, .get, "/api/v1/codes/manual?day=\(today)", token: try await client.token("auditor"), expect: .ok)
            let row = try #require((daily.json["requests"] as? [[String: Any]])?.first)
            #expect(row["requested_by"] as? String == "officer1")
            #expect(row["decided_by"] as? String == "officer2")
            #expect(row["approved"] as? Bool == true)
            _ = try await call(client, .get, "/api/v1/codes/manual?day=yesterday", token: try await client.token("auditor"), expect: .badRequest)
        }
    }

    @Test func pagesByRole() async throws {
        try await AppFixture.with { fixture, client in
            let me = try await accounts(fixture)
            for (user, uri, status) in [("citizen", "/code", HTTPResponse.Status.ok), ("citizen", "/code/\(me)/paper", .ok),
                                        ("door", "/verify", .ok), ("lab", "/verify", .forbidden), ("citizen", "/verify", .forbidden),
                                        ("officer1", "/codes/manual", .ok), ("auditor", "/codes/manual", .ok), ("grid", "/codes/manual", .forbidden),
                                        ("hotline", "/residents/\(me)/code", .ok), ("citizen", "/residents/\(me)/code", .forbidden),
                                        ("door", "/residents/\(me)/code", .forbidden), ("officer1", "/residents/\(me)/code", .ok),
                                        ("commander", "/code", .forbidden)] {
                let (cookie, _) = try await client.browserLogin(user)
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]) { response in
                    #expect(response.status == status, "\(user) \(uri)")
                    if status == .ok, uri.hasSuffix("/paper") { #expect(String(buffer: response.body).contains("CDN1:") || String(buffer: response.body).contains("<svg")) }
                }
            }
        }
    }
}
