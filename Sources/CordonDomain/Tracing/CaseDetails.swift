/// How severe a case is, as the clinicians grade it.
public enum CaseSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case mild
    case moderate
    case severe
    case critical
}

/// How a case came to light. The share found already under control (through contact management) is the key sign
/// that an outbreak is contained.
public enum CaseDiscovery: String, Sendable, Hashable, Codable, CaseIterable {
    case screening
    case feverClinic = "fever_clinic"
    case contactManagement = "contact_management"
    case pharmacy
    case arrival
    case other
}

/// Where a case stands now. Every outcome but `underTreatment` closes it.
public enum CaseOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case underTreatment = "under_treatment"
    case recovered
    case died
    case ruledOut = "ruled_out"

    public var closes: Bool { self != .underTreatment }
}

/// A case as the epidemiologist registers it, checked before anything is written.
public struct NewCase: Sendable, Hashable, Codable {
    public var residentID: Int64
    public var classification: CaseClassification
    public var severity: CaseSeverity
    public var onset: CivilDate?
    public var sampledAt: Int64
    public var reportedAt: Int64
    public var foundBy: CaseDiscovery
    /// Where the case is treated or isolated (a hospital, a 方舱), as free text.
    public var treatedAt: String
    /// When the case was isolated; the exposure window ends there.
    public var isolatedAt: Int64?

    public init(residentID: Int64, classification: CaseClassification, severity: CaseSeverity, onset: CivilDate?, sampledAt: Int64,
                reportedAt: Int64, foundBy: CaseDiscovery, treatedAt: String, isolatedAt: Int64?) {
        self.residentID = residentID
        self.classification = classification
        self.severity = severity
        self.onset = onset
        self.sampledAt = sampledAt
        self.reportedAt = reportedAt
        self.foundBy = foundBy
        self.treatedAt = treatedAt
        self.isolatedAt = isolatedAt
    }

    /// The reasons this registration cannot stand, each naming its field. Onset, sampling and isolation cannot come
    /// after the report, nor anything lie in the future; an asymptomatic case has no onset.
    public func problems(now: Int64) -> [TracingError] {
        var problems: [TracingError] = []
        let reportDay = CivilDate(unixTime: reportedAt)
        if reportedAt > now { problems.append(TracingError(.inFuture, field: "reported_at")) }
        if let onset, onset > reportDay { problems.append(TracingError(.onsetAfterReport, field: "onset_date")) }
        if classification == .asymptomatic, onset != nil { problems.append(TracingError(.onsetWhenAsymptomatic, field: "onset_date")) }
        if sampledAt > reportedAt { problems.append(TracingError(.sampledAfterReport, field: "sampled_at")) }
        if let isolatedAt, isolatedAt > now { problems.append(TracingError(.inFuture, field: "isolated_at")) }
        if treatedAt.count > 200 { problems.append(TracingError(.tooLong, field: "treated_at")) }
        return problems
    }
}
