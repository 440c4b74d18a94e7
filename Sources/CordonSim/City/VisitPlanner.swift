import CordonDomain
import CordonStore

/// Daily venue visits: most people stay near home (their community, then their street), some cross the city.
/// Each (day, chunk of residents) has its own random stream, so the result does not depend on chunk order.
struct VisitPlanner: Sendable {
    static let columns = ["resident_id", "venue_id", "entered_at", "left_at"]
    static let chunkSize = 10_000

    private let homes: [(community: Int64, street: Int64, district: Int64)]
    private let byCommunity: [Int64: [[Int64]]]
    private let byDistrict: [Int64: [[Int64]]]
    private let everywhere: [[Int64]]
    private let weights: [Double]
    private let seed: UInt64
    private let firstResidentID: Int64

    init(plan: CityPlan, seed: UInt64, firstResidentID: Int64) {
        let categories = VenueCategory.allCases
        var community: [Int64: [[Int64]]] = [:]
        var district: [Int64: [[Int64]]] = [:]
        var all = Array(repeating: [Int64](), count: categories.count)
        for venue in plan.venues {
            let c = categories.firstIndex(of: venue.category)!
            if venue.area.level == .community {
                community[venue.area.id, default: Array(repeating: [], count: categories.count)][c].append(venue.id)
            }
            if let d = venue.area.ancestors[.district] {
                district[d, default: Array(repeating: [], count: categories.count)][c].append(venue.id)
            }
            all[c].append(venue.id)
        }
        homes = plan.homes
        byCommunity = community
        byDistrict = district
        everywhere = all
        weights = categories.map(\.visitWeight)
        self.seed = seed
        self.firstResidentID = firstResidentID
    }

    /// The visits of one chunk of residents on `date`, or nil past the last chunk.
    func visits(on date: CivilDate, chunk: Int) -> [[SQLValue]]? {
        let from = chunk * Self.chunkSize
        guard from < homes.count else { return nil }
        let to = min(homes.count, from + Self.chunkSize)
        var rng = SplitMix.derive(seed, UInt64(date.dayNumber) &* 1_000_003 &+ UInt64(chunk))
        // Midnight in China Standard Time.
        let midnight = Int64(date.dayNumber) * 86_400 - 8 * 3_600
        var rows: [[SQLValue]] = []
        rows.reserveCapacity((to - from) * 2)
        for i in from..<to {
            let count = rng.weighted([30, 35, 25, 10])
            var clock = midnight + 7 * 3_600 + Int64(rng.next() % 10_800)
            for _ in 0..<count {
                let category = rng.weighted(weights)
                let roll = rng.next() % 100
                let home = homes[i]
                var pool: [Int64] = []
                if roll < 70 { pool = byCommunity[home.community]?[category] ?? [] }
                if pool.isEmpty, roll < 90 { pool = byDistrict[home.district]?[category] ?? [] }
                if pool.isEmpty { pool = everywhere[category] }
                guard !pool.isEmpty else { continue }
                let venue = pool[Int(rng.next() % UInt64(pool.count))]
                let stay = Int64(600 + rng.next() % 6_600)
                rows.append([.int(firstResidentID + Int64(i)), .int(venue), .int(clock), .int(clock + stay)])
                clock += stay + Int64(1_800 + rng.next() % 7_200)
            }
        }
        return rows
    }
}
