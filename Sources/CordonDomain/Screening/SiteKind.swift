/// What a sampling site serves. The kind decides the purpose of its tubes (and so their turnaround limit) and, through
/// the policy, their default pooling: a quarantine site or a clinic takes single tubes.
public enum SiteKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A community or public site for mass and routine screening (便民采样点).
    case community
    /// A desk at a central quarantine site (集中隔离点).
    case quarantineSite = "quarantine_site"
    /// A fever clinic (发热门诊).
    case feverClinic = "fever_clinic"
    /// In- and outpatients of a hospital.
    case hospital
    /// A mobile team that samples at home: the bedridden, sealed buildings (上门采样).
    case mobile

    public var purpose: SamplingPurpose {
        switch self {
        case .feverClinic: .feverClinic
        case .hospital: .patients
        case .community, .quarantineSite, .mobile: .screening
        }
    }
}
