import CordonDomain
import CordonSim
import CordonStore
import Foundation
import SQLKit
import Testing

@Suite struct CityGeneratorTests {
    let today = CivilDate(year: 2026, month: 11, day: 23)!

    func generate(residents: Int, seed: UInt64) async throws -> (CitySummary, [String]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-sim-\(UUID().uuidString).sqlite").path
        let database = try await Database.open(path)
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        do {
            try await database.migrate()
            let registry = Registry(database: database, cipher: try FieldCipher(base64: FieldCipher.generateKey()))
            let root = Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath([.city: 0]))
            let summary = try await CityGenerator(registry: registry).generate(
                CityOptions(residents: residents, seed: seed, days: 3, today: today),
                actor: Actor(userID: nil, name: "test", role: .admin, jurisdiction: root))
            let sample = try await database.read { s in
                try await s.sql.raw("""
                    SELECT r.name, r.birth_date, r.id_number_masked, v.venue_id, v.entered_at
                    FROM venue_visits v JOIN residents r ON r.id = v.resident_id ORDER BY v.resident_id, v.entered_at LIMIT 50
                    """).all().map { row in
                    "\(try row.decode(column: "name", as: String.self)) \(try row.decode(column: "birth_date", as: String.self)) \(try row.decode(column: "id_number_masked", as: String.self)) \(try row.decode(column: "venue_id", as: Int.self)) \(try row.decode(column: "entered_at", as: Int.self))"
                }
            }
            #expect(try await CityGenerator.isComplete(database))
            let districts = try await database.read { s in
                try await s.sql.raw("SELECT code FROM areas WHERE level = 'district' ORDER BY code").all().map { try $0.decode(column: "code", as: String.self) }
            }
            #expect(districts == ["620102", "620103", "620104", "620105", "620111", "620121", "620122", "620123", "620171"])
            await database.close()
            return (summary, sample)
        } catch {
            await database.close()
            throw error
        }
    }

    @Test func theSameSeedGivesTheSameCity() async throws {
        let (a, sampleA) = try await generate(residents: 3_000, seed: 42)
        let (b, sampleB) = try await generate(residents: 3_000, seed: 42)
        let (_, sampleC) = try await generate(residents: 3_000, seed: 43)
        #expect(a == b)
        #expect(sampleA == sampleB)
        #expect(sampleA != sampleC)
    }

    @Test func theCityHasTheProportionsCitiesPlannedFor() async throws {
        let (summary, _) = try await generate(residents: 50_000, seed: 1)
        #expect(abs(summary.residents - 50_000) <= 50)
        // One sampling site per 2,000–3,000 residents; about one visit a day per resident over the 3 days.
        #expect((50_000 / 3_000...50_000 / 2_000).contains(summary.samplingSites))
        #expect((2 * 50_000...4 * 50_000).contains(summary.visits))
        #expect(summary.venues > 100)
    }
}
