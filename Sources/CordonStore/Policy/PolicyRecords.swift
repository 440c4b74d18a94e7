import CordonDomain

/// A city's own version of a preset: which one it was copied from and the values it changes.
public struct PolicyVersionRecord: Sendable, Hashable {
    public let id: String
    public let name: String
    public let basedOn: String
    public let overrides: [String: String]
    public let createdBy: String
    public let createdAt: Int64
    /// Whether a decision names it: then it is history and no longer edited.
    public let applied: Bool
}

/// A decision as the command centre lists it.
public struct PolicyDecision: Sendable, Hashable {
    public let activation: PolicyActivation
    public let presetName: String
    public let districtName: String?
    public let reschedule: Bool
    public let reason: String
    public let decidedBy: String
    public let decidedAt: Int64
    /// When its effects (codes reassessed, schedules re-laid) were carried out; nil until it begins.
    public let appliedAt: Int64?
}

/// What applying a preset would change, before it is applied.
public struct PolicyPreview: Sendable {
    public struct Reschedule: Sendable, Hashable {
        public let assignmentID: Int64
        public let residentID: Int64
        public let maskedName: String
        public let tier: MeasureTier
        public let endsAt: Int64
        public let newEndsAt: Int64
    }

    public let current: PolicyPreset
    public let proposed: PolicyPreset
    public let differences: [(parameter: PolicyParameter, from: String?, to: String?)]
    /// People under a measure now, of whom `rescheduled` would get a new release date.
    public let underMeasure: Int
    public let rescheduled: [Reschedule]
    /// Tiers some people are under that the proposed preset no longer has: they keep their schedule.
    public let tiersDropped: [MeasureTier]
}
