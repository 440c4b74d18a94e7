import CordonDomain
import CordonStore
import Foundation
import SQLKit

/// The databases every storage test runs on: SQLite always, PostgreSQL when `CORDON_TEST_POSTGRES_URL` is set.
enum Backends {
    static var all: [String] {
        ProcessInfo.processInfo.environment["CORDON_TEST_POSTGRES_URL"] == nil ? ["sqlite"] : ["sqlite", "postgres"]
    }
}

/// A fresh, migrated database with a small city: C ⊃ D1 ⊃ S1 ⊃ M1 ⊃ G1 ⊃ P1 ⊃ B1 ⊃ U1 ⊃ {H1, H2}, and C ⊃ D2 ⊃ … ⊃ H3.
struct StoreFixture {
    let database: Database
    let registry: Registry
    let cleanup: @Sendable () async -> Void

    static let areasCSV = """
        code,name,level,parent_code
        C,兰州市,city,
        D1,城关区,district,C
        S1,东岗街道,street,D1
        M1,和平社区,community,S1
        G1,第1网格,grid,M1
        P1,和平小区,compound,G1
        B1,1号楼,building,P1
        U1,1单元,unit,B1
        H1,101,household,U1
        H2,102,household,U1
        D2,七里河区,district,C
        S2,西湖街道,street,D2
        M2,西湖社区,community,S2
        H3,201,household,M2

        """

    static func with(_ backend: String, clock: Clock = .system, _ body: (StoreFixture) async throws -> Void) async throws {
        let fixture = try await make(backend, clock: clock)
        do {
            try await body(fixture)
        } catch {
            await fixture.cleanup()
            throw error
        }
        await fixture.cleanup()
    }

    static func make(_ backend: String, clock: Clock = .system) async throws -> StoreFixture {
        let cipher = try FieldCipher(base64: FieldCipher.generateKey())
        let (database, cleanup) = try await emptyDatabase(backend, clock: clock)
        try await database.migrate()
        let root = Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath([.city: 0]))
        try await database.importAreas(csv: Array(areasCSV.utf8), actor: Actor(userID: nil, name: "test", role: .admin, jurisdiction: root),
                                       reason: "fixture")
        return StoreFixture(database: database, registry: Registry(database: database, cipher: cipher), cleanup: cleanup)
    }

    /// A database of its own with nothing in it, not even the schema, and what removes it.
    static func emptyDatabase(_ backend: String, clock: Clock = .system) async throws -> (Database, cleanup: @Sendable () async -> Void) {
        if backend == "postgres", let admin = ProcessInfo.processInfo.environment["CORDON_TEST_POSTGRES_URL"] {
            let name = "cordon_test_\(UInt32.random(in: 0...UInt32.max))"
            let server = try await Database.open(admin)
            try await server.read { session in try await session.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            var parts = URLComponents(string: admin)!
            parts.path = "/" + name
            let database = try await Database.open(parts.string!, clock: clock)
            return (database, {
                await database.close()
                try? await server.read { session in try await session.sql.raw("DROP DATABASE \(unsafeRaw: name)").run() }
                await server.close()
            })
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-test-\(UUID().uuidString).sqlite").path
        let database = try await Database.open(path, clock: clock)
        return (database, {
            await database.close()
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        })
    }

    /// An actor with a real user row, so audited reads can name them.
    func actor(_ role: Role, at code: String, username: String? = nil) async throws -> Actor {
        let area = try await database.area(code: code)!
        let name = username ?? "\(role.rawValue)_\(code)_\(UInt16.random(in: 0...UInt16.max))"
        let id = try await database.createUser(username: name, displayName: name, passwordHash: "x", role: role, areaID: area.id,
                                               actor: try await operatorActor(), reason: "test")
        return Actor(userID: id, name: name, role: role, jurisdiction: area)
    }

    func operatorActor() async throws -> Actor {
        Actor(userID: nil, name: "test", role: .admin, jurisdiction: try await database.cityArea()!)
    }
}

/// A valid resident identity number for a region, birth date and serial.
func validID(_ region: String = "620102", born: String = "19800101", serial: Int) -> String {
    let s = String(serial % 1000)
    let body = region + born + String(repeating: "0", count: 3 - s.count) + s
    return body + String(IDNumber.checkCharacter(for: body)!)
}

/// A resident CSV with `count` valid rows spread over H1, H2 and H3.
func residentsCSV(count: Int, start: Int = 1) -> String {
    var lines = ["name,id_number,phone,household_code,groups"]
    let households = ["H1", "H2", "H3"]
    for i in start..<(start + count) {
        let phone = "1390000" + String(repeating: "0", count: 4 - String(i).count) + String(i)
        lines.append("居民\(i),\(validID(serial: i)),\(phone),\(households[i % 3]),")
    }
    return lines.joined(separator: "\n") + "\n"
}
