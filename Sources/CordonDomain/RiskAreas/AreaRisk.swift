/// The risk level an area is designated at (高/中/低风险区; under the 9th edition also 封控/管控/防范). Designation and
/// step-down belong to the risk-area capability; screening and the health code read the level as a fact.
public enum AreaRisk: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high

    public static func < (a: AreaRisk, b: AreaRisk) -> Bool { a.rank < b.rank }

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }
}
