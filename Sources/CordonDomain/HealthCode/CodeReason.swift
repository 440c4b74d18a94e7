/// One reason behind a colour: the rule, the colour it gives, the fact it read and how the person clears it. The
/// citizen sees it in plain words (the 弹窗), the hotline agent and the appeal see the same rule and fact.
public struct CodeReason: Sendable, Hashable, Codable {
    public let rule: CodeRule
    public let colour: CodeColour
    public let source: FactSource
    /// When the fact started to count.
    public let since: Int64?
    /// When the reason ends by itself (a quarantine's release, a manual colour's expiry); nil if only an action ends it.
    public let until: Int64?
    public let clearance: Clearance

    public init(rule: CodeRule, colour: CodeColour, source: FactSource, since: Int64?, until: Int64?, clearance: Clearance) {
        self.rule = rule
        self.colour = colour
        self.source = source
        self.since = since
        self.until = until
        self.clearance = clearance
    }
}

/// The fact a reason read, named so a person can find it: a case, a contact, a tube order, an area, a venue.
public struct FactSource: Sendable, Hashable, Codable {
    public let kind: Kind
    /// The record's id in its own table (case, contact, assignment, area, risk point, request…), when it has one.
    public let id: Int64?
    /// What to show: a venue's or area's name, a manual colour's reason, a routine requirement's key.
    public let label: String?
    /// The moment the fact is about: the visit, the purchase, the test due.
    public let at: Int64?

    public enum Kind: String, Sendable, Hashable, Codable {
        case caseRecord = "case"
        case contact
        case quarantine
        case screeningOrder = "screening_order"
        case area
        case riskPoint = "risk_point"
        case areaVisit = "area_visit"
        case routineTesting = "routine_testing"
        case arrivalTest = "arrival_test"
        case pharmacyPurchase = "pharmacy_purchase"
        case manualColour = "manual_colour"
    }

    public init(kind: Kind, id: Int64? = nil, label: String? = nil, at: Int64? = nil) {
        self.kind = kind
        self.id = id
        self.label = label
        self.at = at
    }
}

/// What the person can do about a reason.
public enum Clearance: String, Sendable, Hashable, Codable, CaseIterable {
    /// Get sampled at any site; the reason clears with the result.
    case getTested = "get_tested"
    /// Wait at home for the single-tube retest the community arranges.
    case awaitRetest = "await_retest"
    /// Complete the quarantine or monitoring; it ends by itself on the release date.
    case completeQuarantine = "complete_quarantine"
    /// Follow the medical care the case is under.
    case followTreatment = "follow_treatment"
    /// Stay at home and follow the community's instructions until the area is lifted.
    case stayInArea = "stay_in_area"
    /// Answer the tracing team's call; a measure follows.
    case contactTracers = "contact_tracers"
    /// It expires by itself; the person may appeal to the hotline meanwhile.
    case waitOrAppeal = "wait_or_appeal"
}
