import CordonDomain
import CordonServer
import CordonStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import HTTPTypes
import NIOCore

/// The real application over a throwaway SQLite database with the small test city and one user per role needed.
struct AppFixture {
    let deps: Dependencies
    let cleanup: @Sendable () async -> Void
    static let password = "correct horse battery"

    static let areas = """
        code,name,level,parent_code
        C,兰州市,city,
        D1,城关区,district,C
        G1,第1网格,grid,D1
        H1,101,household,G1
        D2,七里河区,district,C
        H2,201,household,D2

        """

    /// `live` serves the application on a port of its own, channel handlers and all, instead of calling the router.
    static func with(admission: AdmissionLimits = .forCores(2), live: Bool = false, secureCookies: Bool = false, sessionLifetime: Int64 = 12 * 3600,
                     _ body: @escaping @Sendable (AppFixture, any TestClientProtocol) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-app-\(UUID().uuidString).sqlite").path
        let database = try await Database.open(path)
        try await database.migrate()
        let registry = Registry(database: database, cipher: try FieldCipher(base64: FieldCipher.generateKey()))
        let root = Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath([.city: 0]))
        let boot = Actor(userID: nil, name: "test", role: .admin, jurisdiction: root)
        try await database.importAreas(csv: Array(areas.utf8), actor: boot, reason: "fixture")
        let op = Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
        let passwords = Passwords(cost: 4)
        let hash = try await passwords.hash(password)
        for (name, role, area) in [("commander", Role.commander, "C"), ("tracer", .epidemiologist, "C"), ("grid", .gridWorker, "G1"),
                                   ("admin", .admin, "C"), ("auditor", .auditor, "C"), ("officer", .districtOfficer, "D1"),
                                   ("sampler", .sampler, "G1"), ("lab", .labOperator, "C")] {
            try await database.createUser(username: name, displayName: name, passwordHash: hash, role: role,
                                          areaID: try await database.area(code: area)!.id, actor: op, reason: "fixture")
        }
        var csv = "name,id_number,phone,household_code\n"
        for (i, household) in ["H1", "H2"].enumerated() {
            let body = "62010219800101\(i)1\(i)"
            csv += "居民\(i + 1),\(body)\(IDNumber.checkCharacter(for: body)!),1390000000\(i + 1),\(household)\n"
        }
        _ = try await registry.importResidents(csv: Array(csv.utf8), actor: op, skipInvalid: false, reason: "fixture")
        let deps = Dependencies(database: database, registry: registry, passwords: passwords, metricsToken: "scrape-secret",
                                secureCookies: secureCookies, sessionLifetime: sessionLifetime, admission: admission)
        let fixture = AppFixture(deps: deps, cleanup: {
            await database.close()
            for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) }
        })
        do {
            if live {
                let app = try await buildApplication(deps, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
                try await app.test(.live) { client in try await body(fixture, client) }
            } else {
                try await Application(router: try await buildRouter(deps)).test(.router) { client in try await body(fixture, client) }
            }
        } catch {
            await fixture.cleanup()
            throw error
        }
        await fixture.cleanup()
    }

    func residentID(named name: String) async throws -> Int64 {
        let op = Actor(userID: nil, name: "t", role: .admin, jurisdiction: try await deps.database.cityArea()!)
        let commander = Actor(userID: 1, name: "t", role: .commander, jurisdiction: op.jurisdiction)
        return try await deps.registry.search(name, actor: commander, today: CivilDate(year: 2026, month: 1, day: 1)!).first!.id
    }
}

extension TestClientProtocol {
    /// Logs in through the API and returns a bearer token.
    func token(_ username: String, password: String = AppFixture.password) async throws -> String {
        let body = ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
        return try await execute(uri: "/api/v1/session", method: .post, headers: [.contentType: "application/json"], body: body) { response in
            let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            return json?["token"] as? String ?? ""
        }
    }

    /// Logs in through the form and returns the session cookie and the page's CSRF token.
    func browserLogin(_ username: String) async throws -> (cookie: String, csrf: String) {
        let (loginCookie, token) = try await execute(uri: "/login", method: .get) { response in
            let html = String(buffer: response.body)
            let token = html.components(separatedBy: #"name="_csrf" value=""#)[1].components(separatedBy: "\"")[0]
            let cookie = response.headers[values: .setCookie].first { $0.hasPrefix("cordon_login_csrf=") }!.components(separatedBy: ";")[0]
            return (cookie, token)
        }
        let session = try await execute(uri: "/login", method: .post,
                                        headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                        body: ByteBuffer(string: "_csrf=\(token)&username=\(username)&password=\(AppFixture.password.replacingOccurrences(of: " ", with: "+"))")) { response in
            response.headers[values: .setCookie].first { $0.hasPrefix("cordon_session=") }!.components(separatedBy: ";")[0]
        }
        let csrf = try await execute(uri: "/tokens", method: .get, headers: [.cookie: session]) { response in
            String(buffer: response.body).components(separatedBy: #"name="_csrf" value=""#)[1].components(separatedBy: "\"")[0]
        }
        return (session, csrf)
    }
}
