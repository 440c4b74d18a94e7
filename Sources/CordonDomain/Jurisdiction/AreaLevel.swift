/// The levels of the jurisdiction tree, from the city down to one household (户).
public enum AreaLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case city
    case district      // 区县, GB/T 2260
    case street        // 街道 / 乡镇
    case community     // 社区 / 村
    case grid          // 网格
    case compound      // 小区 / 楼院
    case building      // 楼栋
    case unit          // 单元
    case household     // 户

    public var depth: Int { Self.allCases.firstIndex(of: self)! }

    /// The level directly below, or nil for a household.
    public var child: AreaLevel? {
        let all = Self.allCases
        return depth + 1 < all.count ? all[depth + 1] : nil
    }

    /// A child may skip levels (a village has no buildings), but never sits above or beside its parent.
    public func canParent(_ other: AreaLevel) -> Bool { other.depth > depth }

    public static func < (a: AreaLevel, b: AreaLevel) -> Bool { a.depth < b.depth }
}
