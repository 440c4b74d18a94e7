import CordonDomain
import CordonStore
import Testing

@Suite struct BulkSamplingTests {
    @Test(arguments: Backends.all) func aSiteSyncsItsTubesAllOrNothing(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 30).utf8), actor: op, skipInvalid: false, reason: "seed")
            let screening = Screening(registry: f.registry)
            try await screening.createSite(code: "SITE01", name: "站点", areaCode: "M1", desks: 1, dailyCapacity: 500, actor: op)
            let commander = try await f.actor(.commander, at: "C")
            let sampler = try await f.actor(.sampler, at: "M1")
            let round = try await screening.openRound(name: "R", areas: [.init(code: "C")], hours: 24, actor: commander)
            let now = UnixTime.now()
            func tube(_ code: String, _ serials: [Int], capacity: Int? = nil) -> TubeSubmission {
                TubeSubmission(barcode: code, site: "SITE01", roundId: round, capacity: capacity, sampledAt: now, idNumbers: serials.map { validID(serial: $0) })
            }
            do {
                try await screening.registerSamples([tube("T2000001", Array(1...10)), tube("T2000002", Array(11...21)), tube("T2000003", [22, 22]),
                                                     tube("T2000004", [999]), tube("bad!", [1])], actor: sampler)
                Issue.record("bad tubes accepted")
            } catch let failure as ScreeningFailure {
                #expect(failure.issues.map(\.description) == ["row 3, tube T2000003, already in tube", "row 5, tube bad!, malformed barcode"])
            }
            do {
                try await screening.registerSamples([tube("T2000001", Array(1...10)), tube("T2000002", Array(11...21)), tube("T2000004", [999])],
                                                    actor: sampler)
                Issue.record("overfull tube accepted")
            } catch let failure as ScreeningFailure {
                #expect(failure.issues.map(\.description) == ["row 2, tube T2000002, tube full", "row 3, tube T2000004, unknown resident"])
            }
            #expect(try await screening.coverage(round: round, area: try await f.database.area(code: "C")!, actor: commander).map(\.sampled) == [0, 0])
            let done = try await screening.registerSamples([tube("T2000001", Array(1...10)), tube("T2000002", Array(11...20)), tube("T2000003", [21], capacity: 1)],
                                                           actor: sampler)
            #expect(done.tubes == 3)
            #expect(done.swabs == 21)
            let coverage = try await screening.coverage(round: round, area: try await f.database.area(code: "C")!, actor: commander)
            #expect(coverage.map(\.sampled).reduce(0, +) == 21)
            #expect(coverage.map(\.residents).reduce(0, +) == 30)
            // The same person sampled again in the round is not counted twice.
            try await screening.registerSamples([tube("T2000009", [1])], actor: sampler)
            #expect(try await screening.coverage(round: round, area: try await f.database.area(code: "C")!, actor: commander).map(\.sampled).reduce(0, +) == 21)
            #expect(try await screening.tube(barcode: "T2000003").status == .closed)
        }
    }
}
