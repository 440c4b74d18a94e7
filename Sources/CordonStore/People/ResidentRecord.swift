import CordonDomain

/// A resident as one actor may see them: `idNumber` and `phone` are masked unless the role needs them.
public struct ResidentRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let idKind: IDKind
    public let idNumber: String
    public let birthDate: CivilDate
    public let sex: Sex
    public let phone: String?
    public let groups: [SpecialGroup]
    public let householdID: Int64
    public let address: String
    /// Whether `idNumber` and `phone` are shown in full.
    public let unmasked: Bool
    /// Who acts for this resident, and for whom this resident acts.
    public let proxies: [ProxyLink]
    public let actsFor: [ProxyLink]
}

/// One line of a search result: always masked, because a list is not a need to know.
public struct ResidentListItem: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let idNumber: String
    public let phone: String?
    public let address: String
    public let age: Int
}

/// One audited read.
public struct AuditRead: Sendable, Hashable, Codable {
    public let id: Int64
    public let at: Int64
    public let username: String
    public let residentID: Int64
    public let residentName: String
    public let purpose: String
}
