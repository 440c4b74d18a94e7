/// What follows a result at once, in the same transaction that records it (the seeds' 混采阳性 procedure).
public enum ReflexAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep the person where they are until their single-tube retest is negative; the health code reads it.
    case temporaryControl = "temporary_control"
    /// Take a single-tube sample from this person now.
    case retest
    /// The sample could not be read: take it again.
    case resample
    /// A positive single tube: a case candidate for the epidemiologists.
    case caseCandidate = "case_candidate"
}

public enum Reflex {
    /// The actions each member of a tube gets when its result arrives.
    public static func actions(result: TestResult, capacity: Int) -> [ReflexAction] {
        switch result {
        case .negative: []
        case .invalid: [.resample]
        case .positive: capacity > 1 ? [.temporaryControl, .retest] : [.caseCandidate]
        }
    }
}
