/// Why a schedule, a placement, a check or a release was refused.
public struct QuarantineError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The policy in force has no measure for this tier (secondary contacts after November 2022).
        case tierNotInPolicy = "tier_not_in_policy"
        /// A required test is missing or not negative.
        case testsOutstanding = "tests_outstanding"
        /// The last phase has not ended.
        case notYetDue = "not_yet_due"
        /// A sample taken under the measure was positive: the person is a case candidate, not released.
        case positiveResult = "positive_result"
        /// A thermometer cannot read that: below 34.0 °C or above 43.0 °C, or not a number.
        case temperatureOutOfRange = "temperature_out_of_range"
        case unknownSymptom = "unknown_symptom"
        /// A check with neither a temperature nor a symptom records nothing.
        case emptyCheck = "empty_check"
        /// Early release, extension and transfer each need a reason.
        case reasonMissing = "reason_missing"
    }

    public let code: Code

    public init(_ code: Code) { self.code = code }
}

extension QuarantineError: Refusal {
    /// A reading or a reason that is missing or impossible is bad input; the rest are the state refusing.
    public var status: RefusalStatus {
        [.temperatureOutOfRange, .unknownSymptom, .emptyCheck, .reasonMissing].contains(code) ? .unprocessable : .conflict
    }
    public var key: String { "quarantine.\(code.rawValue)" }
}
