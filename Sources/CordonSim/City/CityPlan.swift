import CordonDomain
import CordonStore

/// The whole synthetic city in memory before it is written: the area tree, residents by household, venues and
/// sampling sites, with ids assigned so that rows can reference each other without a round trip.
struct CityPlan {
    var areas: [Area] = []
    var residents: [(household: Int, resident: NewResident)] = []
    /// Residents' home community and street, by resident index, for choosing where they go.
    var homes: [(community: Int64, street: Int64, district: Int64)] = []
    var venues: [(id: Int64, code: String, name: String, category: VenueCategory, area: Area)] = []
    var sites: [(id: Int64, code: String, name: String, kind: SiteKind, area: Area, desks: Int, capacity: Int, hours: DailyHours)] = []
}

/// Builds the plan deterministically from a seed.
struct CityPlanner {
    let residents: Int
    let seed: UInt64
    let today: CivilDate
    let firstAreaID: Int64
    let firstVenueID: Int64
    let firstSiteID: Int64

    private static let householdSizes: [Double] = [0, 18, 30, 26, 14, 8, 4]

    func plan() -> CityPlan {
        var plan = CityPlan()
        var nextArea = firstAreaID
        func add(_ code: String, _ name: String, _ level: AreaLevel, _ parent: Area?) -> Area {
            let id = nextArea
            nextArea += 1
            let path = (parent?.ancestors ?? AreaPath()).extended(level: level, id: id)
            let area = Area(id: id, code: code, name: name, level: level, parentID: parent?.id, ancestors: path)
            plan.areas.append(area)
            return area
        }
        let city = add(Lanzhou.cityCode, Lanzhou.cityName, .city, nil)
        var births: [Int: Int] = [:]
        var venueNumber = 0
        var siteNumber = 0
        var serial = 0

        let totalShare = Lanzhou.districts.reduce(0) { $0 + $1.share }
        for (d, district) in Lanzhou.districts.enumerated() {
            var rng = SplitMix.derive(seed, UInt64(d + 1))
            let districtArea = add(district.code, district.name, .district, city)
            let population = max(1, Int((Double(residents) * district.share / totalShare).rounded()))
            let streetCount = max(1, Int((Double(population) / 40_000).rounded()))
            for s in 0..<streetCount {
                let stem = Lanzhou.streetStems[(d * 7 + s) % Lanzhou.streetStems.count]
                let street = add("\(district.code)\(pad(s + 1, 3))", "\(stem)街道", .street, districtArea)
                let streetPopulation = share(population, streetCount, s)
                let communityCount = max(1, Int((Double(streetPopulation) / 8_000).rounded()))
                for c in 0..<communityCount {
                    let cstem = Lanzhou.communityStems[(d * 5 + s * 3 + c) % Lanzhou.communityStems.count]
                    let community = add("\(street.code)\(pad(c + 1, 3))", "\(cstem)社区", .community, street)
                    let communityPopulation = share(streetPopulation, communityCount, c)
                    let gridCount = max(1, Int((Double(communityPopulation) / 2_000).rounded()))
                    for g in 0..<gridCount {
                        let grid = add("\(community.code)\(pad(g + 1, 2))", "第\(g + 1)网格", .grid, community)
                        var quota = share(communityPopulation, gridCount, g)
                        var compoundIndex = 0
                        while quota > 0 {
                            compoundIndex += 1
                            let suffix = Lanzhou.compoundSuffixes[rng.weighted([6, 3, 2, 2, 1, 2])]
                            let compound = add("\(grid.code)\(pad(compoundIndex, 2))", "\(cstem)\(compoundIndex)号\(suffix)", .compound, grid)
                            for b in 1...6 where quota > 0 {
                                let building = add("\(compound.code)\(pad(b, 2))", "\(b)号楼", .building, compound)
                                for u in 1...3 where quota > 0 {
                                    let unit = add("\(building.code)\(u)", "\(u)单元", .unit, building)
                                    for h in 0..<12 where quota > 0 {
                                        let room = "\(h / 2 + 1)0\(h % 2 + 1)"
                                        let household = add("\(unit.code)\(pad(h + 1, 3))", room, .household, unit)
                                        let size = min(quota, rng.weighted(Self.householdSizes))
                                        quota -= size
                                        for member in makeHousehold(size: size, region: district.code, rng: &rng, births: &births, serial: &serial) {
                                            plan.residents.append((Int(household.id), member))
                                            plan.homes.append((community.id, street.id, districtArea.id))
                                        }
                                    }
                                }
                            }
                        }
                    }
                    for category in VenueCategory.allCases where category != .railStation {
                        let expected = Double(communityPopulation) / Double(category.residentsPerVenue)
                        let count = Int(expected) + (Double.random(in: 0..<1, using: &rng) < expected - Double(Int(expected)) ? 1 : 0)
                        for k in 0..<count {
                            venueNumber += 1
                            plan.venues.append((firstVenueID + Int64(plan.venues.count), "V\(pad(venueNumber, 7))",
                                                "\(cstem)\(category.displayName)\(k + 1)", category, community))
                        }
                    }
                    let siteCount = max(1, Int((Double(communityPopulation) / 2_500).rounded()))
                    for k in 0..<siteCount {
                        siteNumber += 1
                        let desks = max(1, communityPopulation / siteCount / 700)
                        plan.sites.append((firstSiteID + Int64(plan.sites.count), "S\(pad(siteNumber, 6))",
                                           "\(cstem)社区核酸采样点\(k + 1)", .community, community, desks, desks * 600, Self.communityHours))
                    }
                }
            }
            venueNumber += 1
            plan.venues.append((firstVenueID + Int64(plan.venues.count), "V\(pad(venueNumber, 7))", "\(district.name)火车站",
                                .railStation, districtArea))
            // Each district's hospital runs a fever clinic around the clock, and its quarantine hotel a sampling desk.
            if let home = plan.areas.last(where: { $0.level == .community && $0.ancestors[.district] == districtArea.id }) {
                plan.sites.append((firstSiteID + Int64(plan.sites.count), "F\(district.code)", "\(district.name)人民医院发热门诊",
                                   .feverClinic, home, 2, 600, .allDay))
                plan.sites.append((firstSiteID + Int64(plan.sites.count), "Q\(district.code)", "\(district.name)集中隔离点采样台",
                                   .quarantineSite, home, 1, 300, .allDay))
            }
        }
        return plan
    }

    private static let communityHours = try! DailyHours(opens: "07:00", closes: "21:00")

    /// Roughly one working adult in twelve belongs to a group that routine testing reaches: public-facing work most,
    /// then schools and care homes, hospitals, and the few high-risk posts. Drawn from the person's serial number so
    /// the seeded stream that places everyone else is left as it was.
    private static func workGroup(serial: Int, age: Int) -> WorkGroup? {
        guard (20...59).contains(age) else { return nil }
        switch (serial &* 2_654_435_761) % 1_000 {
        case 0..<5: return .highRiskPost
        case 5..<20: return .medical
        case 20..<35: return .careAndSchools
        case 35..<75: return .publicFacing
        default: return nil
        }
    }

    private func makeHousehold(size: Int, region: String, rng: inout SplitMix, births: inout [Int: Int], serial: inout Int) -> [NewResident] {
        var members: [NewResident] = []
        let surname = Lanzhou.surnames[Int.random(in: 0..<Lanzhou.surnames.count, using: &rng)]
        let headAge = size == 1 ? Int.random(in: 22...88, using: &rng) : Int.random(in: 25...70, using: &rng)
        for m in 0..<size {
            let age: Int
            switch m {
            case 0: age = headAge
            case 1: age = max(20, headAge + Int.random(in: -5...5, using: &rng))
            case 2, 3: age = max(0, min(headAge - 20, Int.random(in: 0...25, using: &rng)))
            default: age = min(100, headAge + Int.random(in: 22...30, using: &rng))
            }
            let birth = today.adding(days: -(age * 365 + Int.random(in: 0..<365, using: &rng)))
            let sex: Sex = m == 1 ? (members[0].sex == .male ? .female : .male) : (rng.next() & 1 == 0 ? .male : .female)
            let key = Int(region)! &* 100_000 &+ birth.dayNumber
            let sequence = births[key, default: 0]
            births[key] = sequence + 1
            // The 17th digit's parity is the sex; the two before it count people born the same day in the region.
            let order = sequence * 2 + (sex == .male ? 1 : 0)
            let body = "\(region)\(pad(birth.year, 4))\(pad(birth.month, 2))\(pad(birth.day, 2))\(pad(order % 1000, 3))"
            let id = body + String(IDNumber.checkCharacter(for: body)!)
            serial += 1
            let phone = age >= 12 ? "1\(["38", "39", "50", "86", "33", "77", "89", "58"][serial % 8])\(pad((serial &* 7_919_773) % 100_000_000, 8))" : nil
            var groups: [SpecialGroup] = []
            let roll = Double.random(in: 0..<1, using: &rng)
            if sex == .female, (20...40).contains(age), roll < 0.03 { groups.append(.pregnant) }
            if age >= 40, roll > 0.999 { groups.append(.dialysis) }
            if age >= 35, roll > 0.997, roll <= 0.999 { groups.append(.chemotherapy) }
            if roll > 0.98, roll <= 0.997 { groups.append(.disabled) }
            if size == 1, age >= 60 { groups.append(.livingAlone) }
            let given = (0..<(rng.next() % 3 == 0 ? 1 : 2)).map { _ in Lanzhou.givenChars[Int.random(in: 0..<Lanzhou.givenChars.count, using: &rng)] }
            // A spouse keeps their own surname (Chinese women do not take their husband's); everyone else shares the household's.
            let familyName = m == 1 ? Lanzhou.surnames[Int(rng.next() % UInt64(Lanzhou.surnames.count))] : surname
            members.append(NewResident(name: String(familyName) + String(given),
                                       idKind: .residentCard, idNumber: id, birthDate: birth, sex: sex, phone: phone,
                                       householdCode: "", groups: groups, workGroup: Self.workGroup(serial: serial, age: age)))
        }
        return members
    }

    /// Splits `total` into `parts` nearly equal shares and returns share `i`.
    private func share(_ total: Int, _ parts: Int, _ i: Int) -> Int {
        total / parts + (i < total % parts ? 1 : 0)
    }
}

func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
