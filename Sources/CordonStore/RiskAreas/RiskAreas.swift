import CordonDomain

/// Risk areas: designation of compounds, buildings or communities as high, medium or low risk (封控/管控/防范) with the
/// cases behind them, step-down by the policy's clock, manual lifting, and the people it touches: residents, whose
/// codes follow the area, and recent visitors, who are asked to test.
public struct RiskAreas: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    func policy(at now: Int64) -> PolicyPreset { database.policies.inForce(at: now) }

    /// The preset that governs `area`: its district's, when a decision covers only that district.
    func policy(at now: Int64, for area: Area) -> PolicyPreset { database.policies.inForce(at: now, district: area.ancestors[.district]) }
}

/// One designation as officers and grid workers see it.
public struct RiskAreaRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let areaID: Int64
    public let areaCode: String
    public let areaName: String
    /// The names of the areas it lies in, from the district down (buildings are all called 1号楼 somewhere).
    public let within: String
    public let areaLevel: AreaLevel
    public let level: AreaRisk
    public let since: Int64
    public let steppedDown: Bool
    public let reason: String
    public let caseIDs: [Int64]
    public let residents: Int
    public let visitors: Int
    public let openCases: Int
    public let lastCaseAt: Int64?
    /// When it steps down by itself if no new case comes, and to what (nil: the designation ends).
    public let nextStepAt: Int64?
    public let nextLevel: AreaRisk?
    public let endedAt: Int64?
    public let endKind: String?
}

/// A household inside a sealed or controlled area, for the grid workers who serve it.
public struct AreaHousehold: Sendable, Hashable, Codable {
    public let householdID: Int64
    public let code: String
    public let address: String
    public let residents: Int
    /// Members in a special group (elderly, child, pregnant, dialysis…), for the daily check-in and errands.
    public let specialNeeds: Int
}

/// A visitor of a designated area who has not been tested since the visit.
public struct AreaVisitor: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let address: String
    public let visitedAt: Int64
    public let testedAt: Int64?
}

/// A standing designation as the public page shows it.
public struct PublicRiskArea: Sendable, Hashable, Codable {
    public let name: String
    /// The district, street and community it lies in.
    public let within: String
    public let level: AreaRisk
    public let since: Int64
}
