import CordonDomain
import CordonStore
import SQLKit
import Testing

@Suite struct FamilyProxyTests {
    let today = CivilDate(year: 2026, month: 11, day: 23)!

    @Test(arguments: Backends.all) func proxiesAreRecordedShownAndJournaled(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 6).utf8), actor: try await f.operatorActor(),
                                                     skipInvalid: false, reason: "seed")
            let grid = try await f.actor(.gridWorker, at: "G1")
            // 居民1 lives in H2 (G1); 居民2, in H3 outside the grid, is the daughter who acts for them.
            let elder = try await f.registry.search("居民1", actor: grid, today: today).first!.id
            try await f.registry.addProxy(residentID: elder, proxyIDNumber: validID(serial: 2), relation: "女儿", actor: grid)
            await #expect(throws: StoreError.self) {
                try await f.registry.addProxy(residentID: elder, proxyIDNumber: validID(serial: 2), relation: "女儿", actor: grid)
            }
            await #expect(throws: StoreError.self) {
                try await f.registry.addProxy(residentID: elder, proxyIDNumber: validID(serial: 999), relation: "儿子", actor: grid)
            }
            let record = try await f.registry.resident(id: elder, actor: grid, purpose: "t", today: today)
            #expect(record.proxies.map(\.name) == ["居民2"])
            #expect(record.proxies.first?.phone == "13900000002")
            #expect(try await f.database.journal(limit: 5).contains { $0.action == "resident.proxy.add" && $0.reason == "女儿" })

            // The proxy's side shows whom they act for, to someone who may see them.
            let commander = try await f.actor(.commander, at: "C")
            let daughter = try await f.registry.resident(id: record.proxies[0].residentID, actor: commander, purpose: "t", today: today)
            #expect(daughter.actsFor.map(\.name) == ["居民1"])
            #expect(daughter.actsFor.first?.phone == "139****0001")

            try await f.registry.removeProxy(residentID: elder, proxyID: record.proxies[0].residentID, actor: grid)
            #expect(try await f.registry.resident(id: elder, actor: grid, purpose: "t", today: today).proxies.isEmpty)
        }
    }

    @Test(arguments: Backends.all) func csvProxiesMayPointAtEarlierOrStoredResidents(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let actor = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 1).utf8), actor: actor, skipInvalid: false, reason: "seed")
            let csv = """
                name,id_number,phone,household_code,proxy_id_number,proxy_relation
                老人,\(validID(serial: 10)),,H1,\(validID(serial: 11)),儿子
                儿子,\(validID(serial: 11)),13900000011,H2,,
                邻居,\(validID(serial: 12)),,H1,\(validID(serial: 1)),邻居
                孤老,\(validID(serial: 13)),,H1,\(validID(serial: 14)),侄子
                缺关系,\(validID(serial: 15)),,H1,\(validID(serial: 1)),

                """
            let failure = await #expect(throws: ImportFailure.self) {
                try await f.registry.importResidents(csv: Array(csv.utf8), actor: actor, skipInvalid: false, reason: "t")
            }
            // Field errors are found before the database is consulted, and refuse the file at once.
            #expect(failure?.issues.map(\.description) == ["line 6, proxy_relation: is required"])
            let report = try await f.registry.importResidents(csv: Array(csv.utf8), actor: actor, skipInvalid: true, reason: "t")
            #expect(report.inserted == 3)
            #expect(report.rejected.map(\.line) == [5, 6])
            let exported = try await f.registry.exportResidentsCSV(actor: actor)
            #expect(exported.contains("老人,resident_card,\(validID(serial: 10)),"))
            #expect(exported.contains(",\(validID(serial: 11)),儿子\n"))
            #expect(exported.contains(",\(validID(serial: 1)),邻居\n"))
        }
    }
}
