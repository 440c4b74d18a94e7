/// How many people share a tube, and whether a tube holds one household only (one tube per household in sealed
/// areas, where samplers go door to door and households must not mix).
public struct Pooling: Sendable, Hashable, Codable {
    public let size: Int
    public let byHousehold: Bool

    public init(size: Int, byHousehold: Bool = false) {
        self.size = size
        self.byHousehold = byHousehold
    }
}

extension ScreeningPolicy {
    /// A household tube: one household's members, up to the largest validated pool.
    public var householdPooling: Pooling { Pooling(size: allowedPools.max() ?? defaultPool, byHousehold: true) }

    /// The pooling a tube takes when the sampler sets none. The site's kind comes first (single tubes at quarantine
    /// sites and clinics), then what the round set for the area, then a sealed area's one tube per household, then the
    /// policy's default.
    public func pooling(site: SiteKind, round: Pooling?, sealedArea: Bool = false) -> Pooling {
        if let size = poolBySiteKind[site] { return Pooling(size: size) }
        if let round { return round }
        if sealedArea && sealedAreaOneTubePerHousehold { return householdPooling }
        return Pooling(size: defaultPool)
    }
}
