/// Everything the health code reads about one person at one moment. The store gathers these facts from the
/// capabilities that own them; facts a later capability will produce (cases, contacts, quarantine, risk points,
/// arrivals, pharmacy purchases) are typed here already and empty until it exists.
public struct HealthFacts: Sendable, Hashable, Codable {
    public var cases: [CaseFact] = []
    public var contacts: [ContactFact] = []
    public var quarantines: [QuarantineFact] = []
    public var testing: TestingFacts?
    /// The risk level of the area the person lives in (the strictest designation on their household's ancestors).
    public var residenceRisk: AreaRiskFact?
    public var riskPointVisits: [RiskPointVisit] = []
    public var riskAreaVisits: [RiskAreaVisit] = []
    public var arrivalTests: [ArrivalTest] = []
    public var pharmacyPurchases: [PharmacyPurchase] = []
    public var manualColours: [ManualColour] = []

    public init() {}
}

public enum CaseClassification: String, Sendable, Hashable, Codable, CaseIterable {
    case confirmed
    case asymptomatic
    case suspected
}

/// An open case: the person is a case until it is closed (discharge, ruled out).
public struct CaseFact: Sendable, Hashable, Codable {
    public let caseID: Int64
    public let classification: CaseClassification
    public let since: Int64
    public let closedAt: Int64?

    public init(caseID: Int64, classification: CaseClassification, since: Int64, closedAt: Int64? = nil) {
        self.caseID = caseID
        self.classification = classification
        self.since = since
        self.closedAt = closedAt
    }
}

public enum ContactTier: String, Sendable, Hashable, Codable, CaseIterable {
    case close
    case secondary
}

/// A contact found by tracing, until they are placed under a measure (then the quarantine fact speaks) or released.
public struct ContactFact: Sendable, Hashable, Codable {
    public let contactID: Int64
    public let tier: ContactTier
    public let since: Int64
    public let until: Int64?

    public init(contactID: Int64, tier: ContactTier, since: Int64, until: Int64? = nil) {
        self.contactID = contactID
        self.tier = tier
        self.since = since
        self.until = until
    }
}

public enum QuarantineKind: String, Sendable, Hashable, Codable, CaseIterable {
    case central
    case home
    case monitoring
}

/// A quarantine or monitoring period: from `since` until `until` (the release moment; nil while open-ended).
public struct QuarantineFact: Sendable, Hashable, Codable {
    public let assignmentID: Int64
    public let kind: QuarantineKind
    public let since: Int64
    public let until: Int64?

    public init(assignmentID: Int64, kind: QuarantineKind, since: Int64, until: Int64?) {
        self.assignmentID = assignmentID
        self.kind = kind
        self.since = since
        self.until = until
    }
}

/// The designated risk level of the area a person lives in.
public struct AreaRiskFact: Sendable, Hashable, Codable {
    public let areaID: Int64
    public let areaName: String
    public let risk: AreaRisk

    public init(areaID: Int64, areaName: String, risk: AreaRisk) {
        self.areaID = areaID
        self.areaName = areaName
        self.risk = risk
    }
}

/// A visit to a place that became a risk point, inside the point's exposure window.
public struct RiskPointVisit: Sendable, Hashable, Codable {
    public let riskPointID: Int64
    public let venueName: String
    public let visitedAt: Int64

    public init(riskPointID: Int64, venueName: String, visitedAt: Int64) {
        self.riskPointID = riskPointID
        self.venueName = venueName
        self.visitedAt = visitedAt
    }
}

/// A visit to a place inside an area designated afterwards, within the policy's lookback before the designation.
public struct RiskAreaVisit: Sendable, Hashable, Codable {
    public let designationID: Int64
    public let areaName: String
    public let visitedAt: Int64

    public init(designationID: Int64, areaName: String, visitedAt: Int64) {
        self.designationID = designationID
        self.areaName = areaName
        self.visitedAt = visitedAt
    }
}

/// One test an arrival's measure asks for, due by a moment; `sampledAt` once taken.
public struct ArrivalTest: Sendable, Hashable, Codable {
    public let arrivalID: Int64
    public let day: Int
    public let dueBy: Int64
    public let sampledAt: Int64?

    public init(arrivalID: Int64, day: Int, dueBy: Int64, sampledAt: Int64?) {
        self.arrivalID = arrivalID
        self.day = day
        self.dueBy = dueBy
        self.sampledAt = sampledAt
    }
}

/// A registered purchase of fever, cough, antiviral, antibiotic or cold medicine (药店哨点).
public struct PharmacyPurchase: Sendable, Hashable, Codable {
    public let purchaseID: Int64
    public let pharmacyName: String
    public let boughtAt: Int64

    public init(purchaseID: Int64, pharmacyName: String, boughtAt: Int64) {
        self.purchaseID = purchaseID
        self.pharmacyName = pharmacyName
        self.boughtAt = boughtAt
    }
}

/// A colour a code officer asked for and a second officer approved. It holds from approval until it expires.
public struct ManualColour: Sendable, Hashable, Codable {
    public let requestID: Int64
    public let colour: CodeColour
    public let reason: String
    public let approvedAt: Int64
    public let expiresAt: Int64

    public init(requestID: Int64, colour: CodeColour, reason: String, approvedAt: Int64, expiresAt: Int64) {
        self.requestID = requestID
        self.colour = colour
        self.reason = reason
        self.approvedAt = approvedAt
        self.expiresAt = expiresAt
    }
}
