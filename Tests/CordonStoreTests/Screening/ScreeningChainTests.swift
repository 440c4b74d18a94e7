import CordonDomain
import CordonStore
import SQLKit
import Testing

/// The chain collect → transport → test → report on both databases, with every refusal the issue lists.
@Suite struct ScreeningChainTests {
    struct World {
        let f: StoreFixture
        let screening: Screening
        let commander: Actor
        let sampler: Actor
        let lab: Actor
        let otherLab: Actor
        let grid: Actor
        let round: Int64
    }

    func world(_ f: StoreFixture, residents: Int = 12) async throws -> World {
        let op = try await f.operatorActor()
        _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: residents).utf8), actor: op, skipInvalid: false, reason: "seed")
        let screening = Screening(registry: f.registry)
        try await screening.createSite(code: "SITE01", name: "和平社区采样点", areaCode: "M1", desks: 2, dailyCapacity: 1200, actor: op)
        try await screening.createLab(code: "LAB001", name: "金域检验", dailyCapacity: 100_000, actor: op)
        try await screening.createLab(code: "LAB002", name: "迪安检验", dailyCapacity: 100_000, actor: op)
        let commander = try await f.actor(.commander, at: "C")
        let labUser = try await f.actor(.labOperator, at: "C")
        try await screening.assignLab(username: labUser.name, labCode: "LAB001", actor: try await f.actor(.admin, at: "C"))
        let lab = try await f.database.actor(for: try await f.database.user(username: labUser.name)!)
        let other = try await f.actor(.labOperator, at: "C")
        try await screening.assignLab(username: other.name, labCode: "LAB002", actor: try await f.actor(.admin, at: "C"))
        let otherLab = try await f.database.actor(for: try await f.database.user(username: other.name)!)
        let round = try await screening.openRound(name: "第一轮全员核酸", areas: [.init(code: "D1"), .init(code: "H1", pool: 5)], hours: 24, actor: commander)
        return World(f: f, screening: screening, commander: commander, sampler: try await f.actor(.sampler, at: "M1"), lab: lab,
                     otherLab: otherLab, grid: try await f.actor(.gridWorker, at: "G1"), round: round)
    }

    func codes(_ error: any Error) -> [String] {
        (error as? ScreeningFailure)?.issues.map(\.description) ?? ["\(error)"]
    }

    /// A sampling site with no code, name, desk or capacity is refused field by field, and an empty batch of samples is
    /// nothing to do (both crashed or failed the server under schemathesis).
    @Test(arguments: Backends.all) func emptyAndBadScreeningInputIsAnsweredNotACrash(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let screening = Screening(registry: f.registry)
            let op = try await f.operatorActor()
            await #expect(throws: FieldErrors(errors: [FieldError(field: "code", code: .missing), FieldError(field: "name", code: .missing),
                                                       FieldError(field: "desks", code: .outOfRange), FieldError(field: "daily_capacity", code: .outOfRange)])) {
                try await screening.createSite(code: "", name: "", areaCode: "", desks: 0, dailyCapacity: 0, actor: op)
            }
            let sampler = try await f.actor(.sampler, at: "M1")
            let nothing = try await screening.registerSamples([], actor: sampler)
            #expect(nothing.tubes == 0 && nothing.swabs == 0)
        }
    }

    /// A lab with no capacity, no name or a code already taken is refused field by field (a capacity of 0 was a
    /// database CHECK failure and a 500, found by schemathesis).
    @Test(arguments: Backends.all) func aBadLabIsRefusedFieldByField(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let screening = Screening(registry: f.registry)
            let op = try await f.operatorActor()
            await #expect(throws: FieldErrors(errors: [FieldError(field: "name", code: .missing), FieldError(field: "daily_capacity", code: .outOfRange)])) {
                try await screening.createLab(code: "LAB009", name: " ", dailyCapacity: 0, actor: op)
            }
            try await screening.createLab(code: "LAB009", name: "城关检验", dailyCapacity: 5_000, actor: op)
            await #expect(throws: FieldErrors(errors: [FieldError(field: "code", code: .duplicate)])) {
                try await screening.createLab(code: "LAB009", name: "城关检验", dailyCapacity: 5_000, actor: op)
            }
        }
    }

    @Test(arguments: Backends.all) func aPositivePoolPutsEveryMemberUnderControlAtOnce(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            let tube = try await w.screening.openTube(barcode: "T0000001", siteCode: "SITE01", roundID: w.round, capacity: nil, actor: w.sampler)
            #expect(tube.capacity == 10)
            for i in [1, 3, 4, 6] { try await w.screening.addSwab(barcode: "T0000001", idNumber: validID(serial: i), actor: w.sampler) }
            let closed = try await w.screening.closeTube(barcode: "T0000001", actor: w.sampler)
            #expect(closed.names == ["居*1", "居*3", "居*4", "居*6"])
            try await w.screening.dispatch(batch: "B0000001", labCode: "LAB001", barcodes: ["T0000001"], actor: w.sampler)
            #expect(try await w.screening.receive(batch: "B0000001", actor: w.lab) == 1)

            let report = try await w.screening.uploadResults([ResultRow(barcode: "T0000001", result: "positive", ct: "31.2", testedAt: UnixTime.now() + 60)], actor: w.lab)
            #expect(report == UploadReport(recorded: 1, unchanged: 0, orders: 8))
            // The same file again changes nothing.
            #expect(try await w.screening.uploadResults([ResultRow(barcode: "T0000001", result: "positive", testedAt: UnixTime.now() + 60)], actor: w.lab)
                    == UploadReport(recorded: 0, unchanged: 1, orders: 0))

            let orders = try await w.screening.openOrders(actor: w.grid)
            // All four live in the grid worker's grid (H1 and H2).
            #expect(Set(orders.map(\.name)) == ["居民1", "居民3", "居民4", "居民6"])
            #expect(Set(orders.map(\.action)) == ["temporary_control", "retest"])

            // The single-tube retest of 居民4 comes back negative: their control is lifted.
            try await w.screening.openTube(barcode: "R0000004", siteCode: "SITE01", roundID: nil, capacity: 1, actor: w.sampler)
            let single = try await w.screening.addSwab(barcode: "R0000004", idNumber: validID(serial: 4), actor: w.sampler)
            #expect(single.status == .closed)
            try await w.screening.dispatch(batch: "B0000002", labCode: "LAB001", barcodes: ["R0000004"], actor: w.sampler)
            try await w.screening.receive(batch: "B0000002", actor: w.lab)
            _ = try await w.screening.uploadResults([ResultRow(barcode: "R0000004", result: "negative", testedAt: UnixTime.now() + 60)], actor: w.lab)
            #expect(Set(try await w.screening.openOrders(actor: w.grid).map(\.name)) == ["居民1", "居民3", "居民6"])

            let clocks = try await w.screening.turnaround(round: w.round)
            #expect(clocks.labs.map(\.code) == ["LAB001"])
            #expect(clocks.labs.first?.tubes == 1)
            #expect(clocks.labs.first?.averageMinutesToResult != nil)
            #expect(clocks.sites.map(\.code) == ["SITE01"])
            // A sealed tube that never reaches a lab is overdue once the screening limit (24 h) has passed.
            try await w.screening.openTube(barcode: "T0000099", siteCode: "SITE01", roundID: w.round, capacity: 5, actor: w.sampler)
            try await w.screening.addSwab(barcode: "T0000099", idNumber: validID(serial: 9), actor: w.sampler)
            try await w.screening.closeTube(barcode: "T0000099", actor: w.sampler)
            #expect(try await w.screening.overdueTubes(actor: w.commander).isEmpty)
            #expect(try await w.screening.overdueTubes(actor: w.commander, now: UnixTime.now() + 25 * 3_600).map(\.barcode) == ["T0000099"])
        }
    }

    @Test(arguments: Backends.all) func everyBadInputIsRefusedByRowWithNothingWritten(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            // H1's residents pool 5 to a tube by the round's own setting, but a site tube is given its size here.
            try await w.screening.openTube(barcode: "T0000010", siteCode: "SITE01", roundID: w.round, capacity: 5, actor: w.sampler)
            await #expect(throws: ScreeningFailure.self) {
                try await w.screening.openTube(barcode: "T0000010", siteCode: "SITE01", roundID: w.round, capacity: 5, actor: w.sampler)
            }
            do {
                try await w.screening.openTube(barcode: "BAD-1", siteCode: "SITE01", roundID: w.round, capacity: nil, actor: w.sampler)
                Issue.record("malformed barcode accepted")
            } catch { #expect(codes(error) == ["tube BAD-1, malformed barcode"]) }
            for i in 1...5 { try await w.screening.addSwab(barcode: "T0000010", idNumber: validID(serial: i), actor: w.sampler) }
            do {
                try await w.screening.addSwab(barcode: "T0000010", idNumber: validID(serial: 6), actor: w.sampler)
                Issue.record("sixth swab in a 5:1 tube accepted")
            } catch { #expect(codes(error) == ["tube T0000010, tube full"]) }
            try await w.screening.openTube(barcode: "T0000011", siteCode: "SITE01", roundID: w.round, capacity: 10, actor: w.sampler)
            try await w.screening.addSwab(barcode: "T0000011", idNumber: validID(serial: 7), actor: w.sampler)
            do {
                try await w.screening.addSwab(barcode: "T0000011", idNumber: validID(serial: 7), actor: w.sampler)
                Issue.record("same person twice accepted")
            } catch { #expect(codes(error) == ["tube T0000011, already in tube"]) }
            do {
                try await w.screening.addSwab(barcode: "T9999999", idNumber: validID(serial: 7), actor: w.sampler)
                Issue.record("unknown tube accepted")
            } catch { #expect(codes(error) == ["tube T9999999, unknown tube"]) }

            try await w.screening.closeTube(barcode: "T0000010", actor: w.sampler)
            try await w.screening.closeTube(barcode: "T0000011", actor: w.sampler)
            try await w.screening.dispatch(batch: "B0000010", labCode: "LAB001", barcodes: ["T0000010"], actor: w.sampler)
            try await w.screening.receive(batch: "B0000010", actor: w.lab)
            let later = UnixTime.now() + 60
            do {
                _ = try await w.screening.uploadResults([
                    ResultRow(barcode: "T0000010", result: "negative", testedAt: later),
                    ResultRow(barcode: "T0000011", result: "negative", testedAt: later),
                    ResultRow(barcode: "T7777777", result: "negative", testedAt: later),
                    ResultRow(barcode: "x", result: "negative", testedAt: later),
                ], actor: w.lab)
                Issue.record("bad upload accepted")
            } catch {
                #expect(codes(error) == ["row 2, tube T0000011, not received by lab", "row 3, tube T7777777, unknown tube", "row 4, tube x, malformed barcode"])
            }
            // Nothing of that upload was written: row 1 is still without a result.
            #expect(try await w.screening.tube(barcode: "T0000010").status == .received)
            do {
                _ = try await w.screening.uploadResults([ResultRow(barcode: "T0000010", result: "negative", testedAt: 1)], actor: w.lab)
                Issue.record("result before collection accepted")
            } catch { #expect(codes(error) == ["row 1, tube T0000010, result before collection"]) }
            do {
                _ = try await w.screening.uploadResults([ResultRow(barcode: "T0000010", result: "negative", testedAt: later)], actor: w.otherLab)
                Issue.record("result from a lab that did not receive the tube accepted")
            } catch { #expect(codes(error) == ["row 1, tube T0000010, not received by lab"]) }
            _ = try await w.screening.uploadResults([ResultRow(barcode: "T0000010", result: "negative", testedAt: later)], actor: w.lab)
            do {
                _ = try await w.screening.uploadResults([ResultRow(barcode: "T0000010", result: "positive", testedAt: later)], actor: w.lab)
                Issue.record("second, different result accepted")
            } catch { #expect(codes(error) == ["row 1, tube T0000010, conflicting result"]) }
        }
    }

    @Test(arguments: Backends.all) func coverageAndTheListOfPeopleNotYetSampled(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let w = try await world(f)
            try await w.screening.openTube(barcode: "T0000020", siteCode: "SITE01", roundID: w.round, capacity: 10, actor: w.sampler)
            for i in [1, 3] { try await w.screening.addSwab(barcode: "T0000020", idNumber: validID(serial: i), actor: w.sampler) }
            let city = try await f.database.area(code: "C")!
            let coverage = try await w.screening.coverage(round: w.round, area: city, actor: w.commander)
            let d1 = coverage.first { $0.code == "D1" }!
            #expect(d1.residents == 8)
            #expect(d1.sampled == 2)

            let grid = try await f.database.area(code: "G1")!
            var gaps = try await w.screening.gaps(round: w.round, area: grid, actor: w.grid)
            #expect(gaps.count == 6)
            #expect(gaps.allSatisfy { $0.idNumber.contains("********") })
            try await w.screening.exempt(round: w.round, residentID: gaps[0].id, reason: .bedridden, actor: w.grid)
            gaps = try await w.screening.gaps(round: w.round, area: grid, actor: w.grid)
            #expect(gaps.count == 5)
            #expect(try await w.screening.coverage(round: w.round, area: city, actor: w.commander).first { $0.code == "D1" }?.exempt == 1)
            let progress = try await w.screening.progress(round: w.round)
            #expect(progress.byStatus["open"] == 1)
            #expect(progress.overdue == 0)
        }
    }
}
