import CordonDomain
import CordonStore

/// Runs a screening round through the same calls the API makes: devices sync sealed tubes, couriers carry batches,
/// the lab receives them and uploads its results, and the reflex does the rest. Deterministic by seed.
public struct RoundSimulator: Sendable {
    public struct Options: Sendable {
        /// Share of residents who come to a site.
        public var turnout: Double = 0.94
        /// Share of pooled tubes that come back positive.
        public var positiveRate: Double = 0.002
        public var pool: Int = 10
        public var seed: UInt64 = 1
        public var tubesPerSync = 2_000
        /// Devices syncing at the same moment. A city round has a device at each of hundreds of sites; four is few.
        public var devicesSyncing = 4
        public var tubesPerBatch = 2_000
        public var resultsPerUpload = 10_000
        public init() {}
    }

    public struct Summary: Sendable, Hashable {
        public var round: Int64 = 0
        public var tubes = 0
        public var swabs = 0
        public var positives = 0
        public var orders = 0
    }

    public let screening: Screening

    public init(screening: Screening) { self.screening = screening }

    /// The steps, timed separately by callers that measure them.
    public enum Step: String, Sendable { case ready, sampling, transport, results }

    public func run(name: String, under area: Area, options: Options = Options(), now: Int64 = UnixTime.now(),
                    progress: @Sendable (Step, Int) -> Void = { _, _ in }) async throws -> Summary {
        let commander = Actor(userID: nil, name: "simulator", role: .commander, jurisdiction: area)
        let sampler = Actor(userID: nil, name: "simulator", role: .sampler, jurisdiction: area)
        let lab = Actor(userID: nil, name: "simulator", role: .labOperator, jurisdiction: area)
        if !(try await screening.labExists(code: "LAB000SIM")) {
            try await screening.createLab(code: "LAB000SIM", name: "市疾控中心实验室", dailyCapacity: 2_000_000, actor: commander)
        }
        var summary = Summary()
        summary.round = try await screening.openRound(name: name, areas: [.init(code: area.code, pool: options.pool)], hours: 24,
                                                      actor: commander, now: now)
        let sites = try await screening.sitesByCommunity()
        let roster = try await screening.roster(under: area, actor: commander)
        var rng = SplitMix.derive(options.seed, UInt64(summary.round))

        // Devices: people of a community come to its site; each tube takes up to `pool` of them, households kept together.
        var tubes: [TubeSubmission] = []
        var pending: [String] = []
        var site = ""
        var community: Int64? = -1
        var absentHousehold: Int64 = -1
        func seal() {
            guard !pending.isEmpty else { return }
            let n = tubes.count + 1
            tubes.append(TubeSubmission(barcode: "R\(summary.round)T\(pad(n, 7))", site: site, roundId: summary.round, capacity: options.pool,
                                        sampledAt: now + Int64(n % 14_400), idNumbers: pending))
            pending.removeAll()
        }
        for person in roster {
            if person.communityID != community {
                seal()
                community = person.communityID
                let choices = person.communityID.flatMap { sites[$0] } ?? []
                site = choices.isEmpty ? (sites.values.first?.first ?? "") : choices[Int(rng.next() % UInt64(choices.count))]
            }
            // Whole households stay away together now and then; single people miss the round too.
            if person.householdID == absentHousehold { continue }
            if Double.random(in: 0..<1, using: &rng) > options.turnout {
                if rng.next() % 2 == 0 { absentHousehold = person.householdID }
                continue
            }
            pending.append(person.idNumber)
            if pending.count == options.pool { seal() }
        }
        seal()
        progress(.ready, tubes.count)

        // Sites' devices sync at the same time: while one writes, the others hash their ID numbers and resolve who is who.
        let screening = self.screening
        try await withThrowingTaskGroup(of: (tubes: Int, swabs: Int).self) { group in
            var inFlight = 0
            for chunk in tubes.chunked(options.tubesPerSync) {
                if inFlight == options.devicesSyncing, let done = try await group.next() {
                    summary.tubes += done.tubes
                    summary.swabs += done.swabs
                    inFlight -= 1
                }
                group.addTask { try await screening.registerSamples(Array(chunk), actor: sampler) }
                inFlight += 1
            }
            for try await done in group {
                summary.tubes += done.tubes
                summary.swabs += done.swabs
            }
        }
        progress(.sampling, summary.swabs)

        for (b, chunk) in tubes.chunked(options.tubesPerBatch).enumerated() {
            let batch = "R\(summary.round)B\(pad(b + 1, 5))"
            try await screening.dispatch(batch: batch, labCode: "LAB000SIM", barcodes: chunk.map(\.barcode), actor: sampler)
            try await screening.receive(batch: batch, actor: lab)
        }
        progress(.transport, tubes.count)

        for chunk in tubes.chunked(options.resultsPerUpload) {
            // Sites sample over the first four hours; the lab tests after the last batch is in.
            let tested = now + 5 * 3_600
            let rows = chunk.map { tube -> ResultRow in
                let positive = Double.random(in: 0..<1, using: &rng) < options.positiveRate
                return ResultRow(barcode: tube.barcode, result: positive ? "positive" : "negative", ct: positive ? "31.5" : nil, testedAt: tested)
            }
            summary.positives += rows.filter { $0.result == "positive" }.count
            summary.orders += try await screening.uploadResults(rows, actor: lab).orders
        }
        progress(.results, tubes.count)
        return summary
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
