/// Who a measure is for: the reason a person is placed under quarantine or monitoring.
public enum MeasureTier: String, Sendable, Hashable, Codable, CaseIterable {
    case closeContact = "close_contact"
    case secondaryContact = "secondary_contact"
    case arrival
    case highRiskVisitor = "high_risk_visitor"
    case mediumRiskVisitor = "medium_risk_visitor"
}

/// One stretch of a measure: where it is spent, for how many days, and on which of its days a test is taken
/// (day 1 is the first day of the stretch).
public struct QuarantinePhase: Sendable, Hashable, Codable {
    public let kind: QuarantineKind
    public let days: Int
    public let testDays: [Int]

    public init(kind: QuarantineKind, days: Int, testDays: [Int]) {
        self.kind = kind
        self.days = days
        self.testDays = testDays
    }
}

/// The quarantine part of a preset: the phases each tier is held for, and how often people are checked a day.
public struct QuarantinePolicy: Sendable, Hashable {
    public var measures: [MeasureTier: [QuarantinePhase]]
    public var checksPerDay: Int
    /// The groups whose members may share their room with a carer: children, the elderly, the disabled.
    public var carerGroups: Set<SpecialGroup>

    public init(measures: [MeasureTier: [QuarantinePhase]], checksPerDay: Int, carerGroups: Set<SpecialGroup> = []) {
        self.measures = measures
        self.checksPerDay = checksPerDay
        self.carerGroups = carerGroups
    }

    /// Whether a person in `groups` (recorded and derived from age) may bring a carer.
    public func mayBringCarer(_ groups: [SpecialGroup]) -> Bool { groups.contains(where: carerGroups.contains) }
}
