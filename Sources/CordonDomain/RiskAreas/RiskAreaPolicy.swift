/// The risk-area part of a preset: which levels exist, the unit an area is drawn at, and when each level steps down.
public struct RiskAreaPolicy: Sendable, Hashable {
    /// A step down: after `days` whole days without a new case the level becomes `to` (nil: the designation ends).
    public struct StepDown: Sendable, Hashable {
        public var to: AreaRisk?
        public var days: Int
        /// Days instead of `days` when the level itself was reached by stepping down (the 9th edition's "3 more").
        public var afterStepDownDays: Int?

        public init(to: AreaRisk?, days: Int, afterStepDownDays: Int? = nil) {
            self.to = to
            self.days = days
            self.afterStepDownDays = afterStepDownDays
        }
    }

    public var levels: [AreaRisk]
    /// The smallest area a designation is drawn at (a compound under the 9th edition, a building under November 2022).
    public var unit: AreaLevel
    /// The largest: no designation covers more than a community (不得随意扩大封控范围).
    public var coarsest: AreaLevel
    public var stepDown: [AreaRisk: StepDown]
    /// How far back a designation reaches for the people who visited the area: they are asked to test.
    public var visitorLookbackDays: Int

    public init(levels: [AreaRisk], unit: AreaLevel, coarsest: AreaLevel = .community, stepDown: [AreaRisk: StepDown],
                visitorLookbackDays: Int) {
        self.levels = levels
        self.unit = unit
        self.coarsest = coarsest
        self.stepDown = stepDown
        self.visitorLookbackDays = visitorLookbackDays
    }

    /// Whether an area at `level` may be designated: from the coarsest level down to the unit.
    public func allows(_ level: AreaLevel) -> Bool { coarsest <= level && level <= unit }

    /// The checks a new designation must pass: a level the policy has, at an area size it draws.
    public func checkDesignation(_ risk: AreaRisk, at level: AreaLevel) throws(RiskAreaError) {
        guard levels.contains(risk) else { throw RiskAreaError(.levelNotInPolicy) }
        guard allows(level) else { throw RiskAreaError(.areaLevelNotAllowed) }
    }
}

/// Why a designation or a step-down was refused.
public struct RiskAreaError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case levelNotInPolicy = "level_not_in_policy"
        /// The area is larger than a community or smaller than the policy's unit.
        case areaLevelNotAllowed = "area_level_not_allowed"
        case caseOpen = "case_open"
        /// The area already carries a designation: step it down or lift it first.
        case alreadyDesignated = "already_designated"
        case notYetDue = "not_yet_due"
    }

    public let code: Code

    public init(_ code: Code) { self.code = code }
}

/// One area's designation and the step-down the policy gives it.
public struct RiskDesignation: Sendable, Hashable, Codable {
    public let level: AreaRisk
    /// When the area reached this level (designated, or stepped down to it).
    public let since: Int64
    public let steppedDown: Bool

    public init(level: AreaRisk, since: Int64, steppedDown: Bool) {
        self.level = level
        self.since = since
        self.steppedDown = steppedDown
    }

    /// When the level steps down by itself and to what: the policy's days counted from the later of reaching the level
    /// and the last new case, at the start of the day those days run out. Nil when the level has no step-down.
    public func nextStep(lastCaseAt: Int64?, policy: RiskAreaPolicy) -> (to: AreaRisk?, at: Int64)? {
        guard let rule = policy.stepDown[level] else { return nil }
        let days = steppedDown ? (rule.afterStepDownDays ?? rule.days) : rule.days
        let from = max(since, lastCaseAt ?? since)
        return (rule.to, CivilDate(unixTime: from).adding(days: days + 1).startUnixTime())
    }

    /// The step-down at `now`, refused while a case is open in the area or before it is due.
    public func stepDown(at now: Int64, lastCaseAt: Int64?, openCases: Int, policy: RiskAreaPolicy) throws(RiskAreaError) -> RiskDesignation? {
        guard openCases == 0 else { throw RiskAreaError(.caseOpen) }
        guard let next = nextStep(lastCaseAt: lastCaseAt, policy: policy), now >= next.at else { throw RiskAreaError(.notYetDue) }
        return next.to.map { RiskDesignation(level: $0, since: next.at, steppedDown: true) }
    }
}

extension RiskAreaError: Refusal {
    public var status: RefusalStatus { .conflict }
    public var key: String { "risk_area.\(code.rawValue)" }
}
