import CordonDomain
import CordonStore
import SQLKit
import Testing

@Suite struct ResidentImportTests {
    func count(_ f: StoreFixture) async throws -> Int {
        try await f.database.read { s in try await s.sql.raw("SELECT COUNT(*) AS n FROM residents").first()!.decode(column: "n", as: Int.self) }
    }

    @Test(arguments: Backends.all) func importsAValidFileAndJournalsIt(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let report = try await f.registry.importResidents(csv: Array(residentsCSV(count: 30).utf8), actor: try await f.operatorActor(),
                                                              skipInvalid: false, reason: "test")
            #expect(report.inserted == 30)
            #expect(report.rejected.isEmpty)
            #expect(try await count(f) == 30)
            let journal = try await f.database.journal(limit: 5)
            #expect(journal.contains { $0.action == "resident.import" && $0.subjectID == "30 residents" })
        }
    }

    @Test(arguments: Backends.all) func aWrongCheckDigitOnLine7RefusesTheWholeFile(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            var lines = residentsCSV(count: 10).split(separator: "\n").map(String.init)
            // Line 7 of the file is the sixth data row; break its check digit.
            var fields = lines[6].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let id = fields[1]
            fields[1] = String(id.dropLast()) + (id.last == "1" ? "2" : "1")
            lines[6] = fields.joined(separator: ",")
            let csv = Array((lines.joined(separator: "\n") + "\n").utf8)
            let failure = await #expect(throws: ImportFailure.self) {
                try await f.registry.importResidents(csv: csv, actor: try await f.operatorActor(), skipInvalid: false, reason: "test")
            }
            #expect(failure?.issues.map(\.description) == ["line 7, id_number: check digit does not match"])
            #expect(try await count(f) == 0)

            let report = try await f.registry.importResidents(csv: csv, actor: try await f.operatorActor(), skipInvalid: true, reason: "test")
            #expect(report.inserted == 9)
            #expect(report.rejected.map(\.line) == [7])
        }
    }

    @Test(arguments: Backends.all) func eachBadInputHasAPreciseMessage(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let actor = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 1).utf8), actor: actor, skipInvalid: false, reason: "seed")
            func issues(_ text: String) async -> [String] {
                do {
                    _ = try await f.registry.importResidents(csv: Array(text.utf8), actor: actor, skipInvalid: false, reason: "t")
                    return []
                } catch let failure as ImportFailure {
                    return failure.issues.map(\.description)
                } catch { return ["\(error)"] }
            }
            let header = "name,id_number,phone,household_code\n"
            #expect(await issues(header + "甲,\(validID(serial: 500)),13900009999,NOPE\n") == ["line 2, household_code: names an unknown area code"])
            #expect(await issues(header + "乙,\(validID(serial: 1)),13900009998,H1\n") == ["line 2, id_number: is already registered"])
            #expect(await issues(header + "丙,\(validID(serial: 501)),1390000,H1\n") == ["line 2, phone: has the wrong length"])
            #expect(await issues(header + "丁,\(validID(serial: 502)),13900009997,H1\n戊,\(validID(serial: 502)),13900009996,H2\n")
                    == ["line 3, id_number: appears twice in the file"])
            #expect(await issues("") == ["the file is empty"])
            #expect(await issues("name,id_number,household_code\n") == ["line 1, phone: the header lacks this column"])
            #expect(await issues(header + "己,\(validID(serial: 503)),13900009995,U1\n") == ["line 2, household_code: the level cannot sit under its parent"])
            do {
                _ = try await f.registry.importResidents(csv: Array(header.utf8) + [0xC3, 0x28, 0x0A], actor: actor, skipInvalid: false, reason: "t")
                Issue.record("non-UTF-8 accepted")
            } catch let failure as ImportFailure {
                #expect(failure.issues.map(\.description) == ["line 2, the file is not UTF-8 text"])
            }
            #expect(try await count(f) == 1)
        }
    }
}
