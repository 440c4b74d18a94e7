import CordonStore
import CordonDomain
import CordonServer
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct RegistryRoutesTests {
    func csvWithBadCheckDigitOnLine7() -> String {
        var lines = ["name,id_number,phone,household_code"]
        for i in 1...8 {
            let body = "6201021990010100\(i)"
            var check = String(IDNumber.checkCharacter(for: body)!)
            if i == 6 { check = check == "1" ? "2" : "1" }
            lines.append("新居民\(i),\(body)\(check),1380000000\(i),H1")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aRefusedImportNamesTheLineInTheUsersLanguage() async throws {
        try await AppFixture.with { fixture, client in
            let admin = try await client.token("admin")
            let headers: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "text/csv"]
            try await client.execute(uri: "/api/v1/registry/residents", method: .post, headers: headers,
                                     body: ByteBuffer(string: csvWithBadCheckDigitOnLine7())) { response in
                #expect(response.status == .unprocessableContent)
                #expect(String(buffer: response.body).contains("第 7 行，id_number: 校验位不符"))
                // The same refusal as data: its key, and the line, column and code of each issue.
                let error = (try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])?["error"] as? [String: Any]
                #expect(error?["code"] as? String == "import.refused")
                let fields = error?["fields"] as? [[String: Any]] ?? []
                #expect(fields.count == 1)
                #expect(fields.first?["line"] as? Int == 7 && fields.first?["field"] as? String == "id_number")
                #expect(fields.first?["code"] as? String == "field.check_digit")
            }
            try await fixture.deps.database.setLanguage("en", userID: try await fixture.deps.database.user(username: "admin")!.id)
            try await client.execute(uri: "/api/v1/registry/residents", method: .post, headers: headers,
                                     body: ByteBuffer(string: csvWithBadCheckDigitOnLine7())) { response in
                #expect(String(buffer: response.body).contains("line 7, id_number: check digit does not match"))
            }
            try await client.execute(uri: "/api/v1/registry/residents?skip_invalid=1", method: .post, headers: headers,
                                     body: ByteBuffer(string: csvWithBadCheckDigitOnLine7())) { response in
                #expect(response.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(json?["inserted"] as? Int == 7)
            }
            // The admin loads the registry but reads no one in it; the district officer exports their district.
            try await client.execute(uri: "/api/v1/registry/residents.csv", method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                #expect(response.status == .forbidden)
            }
            let officer = try await client.token("officer")
            try await client.execute(uri: "/api/v1/registry/residents.csv", method: .get, headers: [.authorization: "Bearer \(officer)"]) { response in
                let csv = String(buffer: response.body)
                #expect(response.status == .ok)
                // The header, 居民1 and the seven imported in D1; not 居民2, who lives in D2.
                #expect(csv.split(separator: "\n").count == 1 + 1 + 7)
                #expect(!csv.split(separator: "\n").contains { $0.hasPrefix("居民2,") })
            }
            let commander = try await client.token("commander")
            try await client.execute(uri: "/api/v1/registry/residents", method: .post,
                                     headers: [.authorization: "Bearer \(commander)", .contentType: "text/csv"],
                                     body: ByteBuffer(string: csvWithBadCheckDigitOnLine7())) { #expect($0.status == .forbidden) }
        }
    }
}
