import CordonServer
import CordonStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct UserRoutesTests {
    func newUser(_ name: String, password: String = "a-long-enough-password", role: String = "grid_worker", area: String = "G1") -> ByteBuffer {
        ByteBuffer(string: #"{"username":"\#(name)","display_name":"网格员","password":"\#(password)","role":"\#(role)","area_code":"\#(area)"}"#)
    }

    @Test func adminsCreateAccountsOthersCannot() async throws {
        try await AppFixture.with { fixture, client in
            let admin = try await client.token("admin")
            let headers: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: newUser("wang")) { #expect($0.status == .created) }
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: newUser("wang")) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: newUser("li", password: "short")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("密码至少 10 个字符"))
            }
            try await client.execute(uri: "/api/v1/users", method: .post, headers: headers, body: newUser("li", role: "overlord")) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/users", method: .get, headers: headers) { response in
                #expect(String(buffer: response.body).contains("\"username\":\"wang\""))
            }
            let commander = try await client.token("commander")
            try await client.execute(uri: "/api/v1/users", method: .post,
                                     headers: [.authorization: "Bearer \(commander)", .contentType: "application/json"], body: newUser("zhao")) {
                #expect($0.status == .forbidden)
            }
            // The new account works and lands in its grid.
            let wang = try await client.token("wang", password: "a-long-enough-password")
            #expect(!wang.isEmpty)
            #expect(try await fixture.deps.database.journal(limit: 20).contains { $0.action == "user.create" && $0.subjectID == "wang" })
        }
    }
}
