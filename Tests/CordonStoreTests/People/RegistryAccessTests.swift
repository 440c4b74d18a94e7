import CordonDomain
import CordonStore
import SQLKit
import Testing

@Suite struct RegistryAccessTests {
    let today = CivilDate(year: 2026, month: 11, day: 23)!

    @Test(arguments: Backends.all) func jurisdictionMaskingAndAudit(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 9).utf8), actor: try await f.operatorActor(),
                                                     skipInvalid: false, reason: "seed")
            let commander = try await f.actor(.commander, at: "C")
            let tracer = try await f.actor(.epidemiologist, at: "C")
            let grid = try await f.actor(.gridWorker, at: "G1")
            let auditor = try await f.actor(.auditor, at: "C")

            // H3 lies in D2, outside the grid worker's grid.
            let inH3 = try await f.registry.search("居民2", actor: commander, today: today).first { $0.address.contains("201") }!
            #expect(try await f.registry.search("居民", actor: grid, today: today).allSatisfy { !$0.address.contains("201") })
            await #expect(throws: StoreError.self) { try await f.registry.resident(id: inH3.id, actor: grid, purpose: "t", today: today) }

            let masked = try await f.registry.resident(id: inH3.id, actor: commander, purpose: "t", today: today)
            #expect(masked.idNumber == Masking.idNumber(validID(serial: 2)))
            #expect(masked.phone == "139****0002")
            let full = try await f.registry.resident(id: inH3.id, actor: tracer, purpose: "t", today: today)
            #expect(full.idNumber == validID(serial: 2))
            #expect(full.phone == "13900000002")

            let reads = try await f.registry.auditReads(username: nil, residentID: inH3.id, actor: auditor)
            #expect(reads.count == 2)
            #expect(Set(reads.map(\.username)) == [commander.name, tracer.name])
            await #expect(throws: StoreError.self) { try await f.registry.auditReads(username: nil, residentID: nil, actor: commander) }

            // Last four digits of the phone find the person; the stored row holds no plain identifier.
            #expect(try await f.registry.search("0002", actor: commander, today: today).map(\.id) == [inH3.id])
            let raw = try await f.database.read { s in try await s.sql.raw("SELECT id_number_enc, id_number_hash FROM residents WHERE id = \(bind: inH3.id)").first()! }
            #expect(!(try raw.decode(column: "id_number_enc", as: String.self)).contains(validID(serial: 2)))
        }
    }

    @Test(arguments: Backends.all) func areasAreScopedAndCounted(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 9).utf8), actor: try await f.operatorActor(),
                                                     skipInvalid: false, reason: "seed")
            let officer = try await f.actor(.districtOfficer, at: "D1")
            let city = try await f.database.area(code: "C")!
            let d2 = try await f.database.area(code: "D2")!
            await #expect(throws: StoreError.self) { try await f.database.visibleArea(id: d2.id, actor: officer) }
            let commander = try await f.actor(.commander, at: "C")
            let children = try await f.database.children(of: city, actor: commander)
            #expect(children.map(\.area.code).sorted() == ["D1", "D2"])
            #expect(children.first { $0.area.code == "D1" }?.residents == 6)
            #expect(children.first { $0.area.code == "D2" }?.residents == 3)
            #expect(try await f.database.migrate().isEmpty)
        }
    }

    @Test(arguments: Backends.all) func areaImportIsAllOrNothing(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let csv = "code,name,level,parent_code\nX1,新区,street,D1\nX2,坏,street,NOPE\n"
            let failure = await #expect(throws: ImportFailure.self) {
                try await f.database.importAreas(csv: Array(csv.utf8), actor: try await f.operatorActor(), reason: "t")
            }
            #expect(failure?.issues.map(\.description) == ["line 3, parent_code: names an unknown area code"])
            #expect(try await f.database.area(code: "X1") == nil)
            let exported = try await f.database.exportAreasCSV(actor: try await f.operatorActor())
            #expect(exported.hasPrefix("code,name,level,parent_code\nC,兰州市,city,\n"))
        }
    }
}
