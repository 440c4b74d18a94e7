/// Routine testing (常态化核酸检测) in a preset: how often each group and the residents of each risk level must test.
public struct RoutineTestingPolicy: Sendable, Hashable {
    /// Hours between tests by occupational group; a group not listed tests by choice.
    public var intervalHoursByGroup: [WorkGroup: Int]
    /// Hours between tests for residents of an area designated at a risk level (区域核酸); a level not listed adds none.
    public var intervalHoursByAreaRisk: [AreaRisk: Int]
    /// Hours between tests for everybody else; nil while the rest test by choice (愿检尽检).
    public var everyoneHours: Int?
    /// How many hours before a test falls due the person counts as due (reminded) rather than current.
    public var reminderHours: Int

    public init(intervalHoursByGroup: [WorkGroup: Int], intervalHoursByAreaRisk: [AreaRisk: Int], everyoneHours: Int?, reminderHours: Int) {
        self.intervalHoursByGroup = intervalHoursByGroup
        self.intervalHoursByAreaRisk = intervalHoursByAreaRisk
        self.everyoneHours = everyoneHours
        self.reminderHours = reminderHours
    }
}

/// Why a person must test routinely: the rule of the preset that sets the shortest interval.
public enum RoutineRequirement: Sendable, Hashable, Codable {
    case group(WorkGroup)
    case areaRisk(AreaRisk)
    case everyone

    /// A stable key for string tables and JSON, e.g. `group.medical`, `area_risk.high`, `everyone`.
    public var key: String {
        switch self {
        case .group(let g): "group.\(g.rawValue)"
        case .areaRisk(let r): "area_risk.\(r.rawValue)"
        case .everyone: "everyone"
        }
    }
}

/// Where a person stands against their routine testing.
public enum RoutineStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// No rule asks this person to test.
    case notRequired = "not_required"
    /// Tested recently enough.
    case current
    /// The next test falls due within the reminder window.
    case due
    /// The interval has run out without a sample: the health code reads this.
    case overdue
}

/// A person's routine-testing state at one moment.
public struct RoutineState: Sendable, Hashable, Codable {
    public let status: RoutineStatus
    public let requirement: RoutineRequirement?
    public let intervalHours: Int?
    /// When the next sample is due (the last sampling time plus the interval); nil if never sampled or not required.
    public let dueAt: Int64?

    /// The state for a person in `group`, living in an area at `areaRisk`, last sampled at `lastSampledAt`.
    /// The shortest interval among the rules that apply wins. A test counts from its sampling time, and at the very
    /// second the interval runs out the person is overdue.
    public init(group: WorkGroup?, areaRisk: AreaRisk?, lastSampledAt: Int64?, now: Int64, policy: RoutineTestingPolicy) {
        var candidates: [(RoutineRequirement, Int)] = []
        if let group, let hours = policy.intervalHoursByGroup[group] { candidates.append((.group(group), hours)) }
        if let areaRisk, let hours = policy.intervalHoursByAreaRisk[areaRisk] { candidates.append((.areaRisk(areaRisk), hours)) }
        if let hours = policy.everyoneHours { candidates.append((.everyone, hours)) }
        guard let rule = candidates.min(by: { $0.1 < $1.1 }) else {
            self.init(status: .notRequired, requirement: nil, intervalHours: nil, dueAt: nil)
            return
        }
        guard let last = lastSampledAt else {
            self.init(status: .overdue, requirement: rule.0, intervalHours: rule.1, dueAt: nil)
            return
        }
        let dueAt = last + Int64(rule.1) * 3_600
        let remindFrom = dueAt - Int64(min(policy.reminderHours, rule.1)) * 3_600
        let status: RoutineStatus = now >= dueAt ? .overdue : now >= remindFrom ? .due : .current
        self.init(status: status, requirement: rule.0, intervalHours: rule.1, dueAt: dueAt)
    }

    public init(status: RoutineStatus, requirement: RoutineRequirement?, intervalHours: Int?, dueAt: Int64?) {
        self.status = status
        self.requirement = requirement
        self.intervalHours = intervalHours
        self.dueAt = dueAt
    }
}
