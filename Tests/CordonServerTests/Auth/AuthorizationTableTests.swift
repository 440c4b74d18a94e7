@testable import CordonServer
import CordonDomain
import CordonStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The answer every route gives every role, held in `AuthorizationTable.txt` beside this file: one line per route, one
/// column per role. The routes come from the router, so a new route has no line and fails here until someone writes
/// down who may call it; a changed answer fails until the table is changed with it, in the same review.
///
/// Each route is called once per role with ids of 1 (resident 1 lives in the officer's and the grid worker's district)
/// and, for an API write, the smallest body its schema allows (other bodies are empty). The table therefore records
/// whether a role gets past authorization (2xx, 3xx, or a 4xx about the content), is refused (403), or is told the
/// thing does not exist for it (404). Beside the table, the
/// rules that hold for every route: who never sees a name, who never sees a full ID number or phone, and that every
/// answer showing one person's record is in the audit log.
@Suite struct AuthorizationTableTests {
    /// Every role, in the table's column order, with the account that plays it and where that account works.
    static let accounts: [(column: String, role: Role, username: String, area: String)] = [
        ("cmd", .commander, "commander", "C"), ("dof", .districtOfficer, "officer", "D1"), ("epi", .epidemiologist, "tracer", "C"),
        ("smp", .sampler, "sampler", "G1"), ("lab", .labOperator, "lab", "C"), ("qst", .quarantineStaff, "m.qst", "D1"),
        ("grd", .gridWorker, "grid", "G1"), ("chk", .checkpointStaff, "m.chk", "D1"), ("hot", .hotlineAgent, "m.hot", "C"),
        ("sup", .supplyOfficer, "m.sup", "D1"), ("med", .medicalOfficer, "m.med", "D1"), ("cod", .codeOfficer, "m.cod", "C"),
        ("aud", .auditor, "auditor", "C"), ("adm", .admin, "admin", "C"), ("ctz", .citizen, "m.ctz", "H1"),
    ]
    static let tableURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("AuthorizationTable.txt")
    /// Routes that end the caller's session: called last would still change nothing the table shows, so they are
    /// left out rather than signing every role out halfway.
    static let skipped: Set<String> = ["POST /logout", "DELETE /api/v1/session"]
    /// The registry's export is the one answer that carries full ID numbers to a role that otherwise sees them masked:
    /// the district officer who keeps the registry takes it out whole to correct and load it again. The store allows
    /// it to that role only and journals every export.
    static let registryExports: Set<String> = ["/api/v1/registry/residents.csv", "/registry/residents.csv"]

    static func render(_ rows: [(route: String, answers: [String])]) -> String {
        let width = max(48, (rows.map(\.route.count).max() ?? 0) + 2)
        func line(_ route: String, _ cells: [String]) -> String {
            (route.padding(toLength: width, withPad: " ", startingAt: 0) + cells.map { $0.padding(toLength: 4, withPad: " ", startingAt: 0) }.joined())
                .trimmingCharacters(in: .whitespaces)
        }
        var text = "# The answer each role gets from each route (see AuthorizationTableTests). 2xx/3xx: allowed; 400: allowed,\n"
        text += "# the empty body refused; 403: refused; 404: not found for this caller; 401 never appears signed in.\n"
        text += line("# route", accounts.map(\.column)) + "\n"
        for row in rows { text += line(row.route, row.answers) + "\n" }
        return text
    }

    @Test func everyRouteAnswersEveryRoleAsTheTableSays() async throws {
        try await AppFixture.with { fixture, client in
            let db = fixture.deps.database
            let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await db.cityArea()!)
            let hash = try await fixture.deps.passwords.hash(AppFixture.password)
            for account in Self.accounts where account.username.hasPrefix("m.") {
                try await db.createUser(username: account.username, displayName: account.username, passwordHash: hash, role: account.role,
                                        areaID: try await db.area(code: account.area)!.id, actor: op, reason: "table")
            }
            let first = try await fixture.residentID(named: "居民1")
            try await db.linkCitizen(username: "m.ctz", residentID: first, actor: op)
            let identifiers = Self.identifiers()
            let auditor = Actor(userID: 1, name: "auditor", role: .auditor, jurisdiction: op.jurisdiction)

            var tokens: [String: String] = [:]
            for account in Self.accounts { tokens[account.username] = try await client.token(account.username) }
            let routes = try await AuthorizationMatrixTests.routes(fixture.deps)
                .filter { !Self.skipped.contains("\($0.method) \($0.pattern)") }
                .sorted { ($0.pattern, $0.method.rawValue) < ($1.pattern, $1.method.rawValue) }
            let bodies = try await Self.sampleBodies(client)
            var rows: [(route: String, answers: [String])] = []
            var wrong: [String] = []
            for (method, pattern) in routes {
                let uri = AuthorizationMatrixTests.concrete(pattern)
                var answers: [String] = []
                for account in Self.accounts {
                    let before = try await fixture.deps.registry.auditReads(username: nil, residentID: nil, actor: auditor, limit: 1).first?.id ?? 0
                    let (status, body) = try await client.execute(
                        uri: uri, method: method, headers: [.authorization: "Bearer \(tokens[account.username]!)", .contentType: "application/json"],
                        body: ByteBuffer(string: bodies["\(method) \(pattern)"] ?? "")) { ($0.status, String(buffer: $0.body)) }
                    answers.append(String(status.code))
                    guard status.code / 100 == 2 else { continue }
                    let who = "\(account.column): \(method) \(uri)"
                    if [.labOperator, .checkpointStaff, .admin].contains(account.role), let name = identifiers.names.first(where: body.contains) {
                        wrong.append("\(who) shows the name \(name)")
                    }
                    if !account.role.may(.seeIdentifiers), !Self.registryExports.contains(pattern), let number = identifiers.numbers.first(where: body.contains) {
                        wrong.append("\(who) shows the unmasked \(number)")
                    }
                    // One person's record, by id, or anyone's full ID number or phone: reading it must have left a row
                    // in the audit log.
                    let personRead = pattern.hasPrefix("/api/v1/residents/{id}") && identifiers.names.contains(where: body.contains)
                    if method == .get, personRead || (identifiers.numbers.contains(where: body.contains) && !Self.registryExports.contains(pattern)) {
                        let after = try await fixture.deps.registry.auditReads(username: nil, residentID: nil, actor: auditor, limit: 1).first?.id ?? 0
                        if after == before { wrong.append("\(who) shows a person and leaves no audit row") }
                    }
                }
                rows.append(("\(method) \(pattern)", answers))
            }
            let observed = Self.render(rows)
            let expected = (try? String(contentsOf: Self.tableURL, encoding: .utf8)) ?? ""
            if observed != expected {
                let out = FileManager.default.temporaryDirectory.appendingPathComponent("AuthorizationTable.observed.txt")
                try observed.write(to: out, atomically: true, encoding: .utf8)
                let old = Set(expected.split(separator: "\n")), new = Set(observed.split(separator: "\n"))
                let diff = new.subtracting(old).sorted().map { "+ \($0)" } + old.subtracting(new).sorted().map { "- \($0)" }
                wrong.append("the answers differ from AuthorizationTable.txt (observed table written to \(out.path)):\n" + diff.joined(separator: "\n"))
            }
            #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
        }
    }

    /// For every API write with a JSON body, the smallest body its schema in `/openapi.json` allows: each required
    /// field at its simplest (the first of an enum, the minimum of a number, a date for a date), arrays of one. It
    /// decodes, so the write reaches the rule that decides who may make it, and the table shows that rule's answer
    /// instead of a 400 about a missing field.
    static func sampleBodies(_ client: any TestClientProtocol) async throws -> [String: String] {
        let spec = try await client.execute(uri: "/openapi.json", method: .get) { response in
            try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any] ?? [:]
        }
        var bodies: [String: String] = [:]
        for (path, operations) in spec["paths"] as? [String: [String: Any]] ?? [:] {
            for (method, operation) in operations {
                guard let operation = operation as? [String: Any],
                      let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any],
                      let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any] else { continue }
                let data = try JSONSerialization.data(withJSONObject: sample(schema), options: [.fragmentsAllowed, .sortedKeys])
                bodies["\(method.uppercased()) \(path)"] = String(decoding: data, as: UTF8.self)
            }
        }
        return bodies
    }

    static func sample(_ schema: [String: Any]) -> Any {
        if let values = schema["enum"] as? [Any], let first = values.first { return first }
        switch schema["type"] as? String {
        case "object":
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            let required = schema["required"] as? [String] ?? []
            return Dictionary(uniqueKeysWithValues: required.compactMap { name in properties[name].map { (name, sample($0)) } })
        case "array": return [sample(schema["items"] as? [String: Any] ?? [:])]
        case "integer": return (schema["minimum"] as? Int) ?? 1
        case "number": return (schema["minimum"] as? Double) ?? 1
        case "boolean": return false
        default:
            switch schema["format"] as? String {
            case "date": return "2026-12-01"
            case "date-time": return "2026-12-01T08:00:00+08:00"
            default: return String(repeating: "1", count: max(1, schema["minLength"] as? Int ?? 1))
            }
        }
    }

    /// The fixture's residents' names and their full ID numbers and phones, as they would appear unmasked.
    static func identifiers() -> (names: [String], numbers: [String]) {
        var numbers: [String] = []
        for i in 0..<2 {
            let body = "62010219800101\(i)1\(i)"
            numbers += [body + String(IDNumber.checkCharacter(for: body)!), "1390000000\(i + 1)"]
        }
        return (["居民1", "居民2"], numbers)
    }
}
