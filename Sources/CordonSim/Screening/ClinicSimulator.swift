import CordonDomain
import CordonStore

/// Fever-clinic patients of the last hours, through the same calls the API makes: each swabbed in a single tube at
/// their district's clinic, most tubes carried to the lab and resulted, the latest still on the road (some past the
/// six-hour limit), and now and then a positive that becomes a case candidate. Deterministic by seed.
public struct ClinicSimulator: Sendable {
    public let screening: Screening

    public init(screening: Screening) { self.screening = screening }

    public struct Summary: Sendable, Hashable {
        public var tubes = 0
        public var resulted = 0
        public var positives = 0
    }

    public func run(under area: Area, patients: Int = 40, hours: Int = 10, seed: UInt64 = 7, now: Int64 = UnixTime.now()) async throws -> Summary {
        let sampler = Actor(userID: nil, name: "simulator", role: .sampler, jurisdiction: area)
        let lab = Actor(userID: nil, name: "simulator", role: .labOperator, jurisdiction: area)
        let commander = Actor(userID: nil, name: "simulator", role: .commander, jurisdiction: area)
        let clinics = try await screening.sites(under: area).filter { $0.kind == .feverClinic }.map(\.code)
        let roster = try await screening.roster(under: area, actor: commander)
        guard !clinics.isEmpty, !roster.isEmpty else { return Summary() }
        if !(try await screening.labExists(code: "LAB000SIM")) {
            try await screening.createLab(code: "LAB000SIM", name: "市疾控中心实验室", dailyCapacity: 2_000_000, actor: commander)
        }
        var rng = SplitMix.derive(seed, UInt64(now / 86_400))
        var summary = Summary()
        var recent: [String] = []
        var arrived: [(barcode: String, sampledAt: Int64)] = []
        for n in 0..<patients {
            let person = roster[Int(rng.next() % UInt64(roster.count))]
            let sampledAt = now - Int64(hours) * 3_600 + Int64(n) * Int64(hours) * 3_600 / Int64(max(1, patients))
            let barcode = "FC\(now / 86_400)\(pad(n + 1, 4))"
            try await screening.registerSamples([TubeSubmission(barcode: barcode, site: clinics[Int(rng.next() % UInt64(clinics.count))], roundId: nil,
                                                                capacity: nil, sampledAt: sampledAt, idNumbers: [person.idNumber])], actor: sampler)
            summary.tubes += 1
            // Tubes of the last three hours are still at the clinic or on the road; the rest reached the lab.
            if sampledAt > now - 3 * 3_600 { recent.append(barcode) } else { arrived.append((barcode, sampledAt)) }
        }
        // Two of the older tubes missed the courier: they are overdue against the six-hour limit.
        let stranded = arrived.prefix(2).map(\.barcode)
        let carried = arrived.dropFirst(2)
        if !carried.isEmpty {
            let batch = "FB\(now / 86_400)01"
            try await screening.dispatch(batch: batch, labCode: "LAB000SIM", barcodes: carried.map(\.barcode), actor: sampler)
            try await screening.receive(batch: batch, actor: lab)
            let rows = carried.map { tube -> ResultRow in
                let positive = rng.next() % 12 == 0
                return ResultRow(barcode: tube.barcode, result: positive ? "positive" : "negative", ct: positive ? "27.4" : nil,
                                 testedAt: tube.sampledAt + 2 * 3_600)
            }
            summary.positives = rows.filter { $0.result == "positive" }.count
            summary.resulted = try await screening.uploadResults(rows, actor: lab).recorded
        }
        if !stranded.isEmpty || !recent.isEmpty {
            try await screening.dispatch(batch: "FB\(now / 86_400)02", labCode: "LAB000SIM", barcodes: Array(stranded) + recent.prefix(3), actor: sampler)
        }
        return summary
    }
}
