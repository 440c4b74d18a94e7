/// Routine prevention (常态化防控) or emergency response (应急处置), and in an emergency the response level
/// (一级 is the highest, 四级 the lowest), as the city's headquarters declares them.
public enum ResponseMode: String, Sendable, Hashable, Codable, CaseIterable {
    case routine
    case emergency
}

public struct ResponseLevel: Sendable, Hashable, Codable {
    public let rawValue: Int

    /// Levels I to IV; anything else is not a level.
    public init?(_ rawValue: Int) {
        guard (1...4).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public static let all = (1...4).map { ResponseLevel($0)! }
}
