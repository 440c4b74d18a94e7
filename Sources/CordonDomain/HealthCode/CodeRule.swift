/// The rules a preset can give a colour for. Each names one kind of fact; which rules apply and the colour each gives
/// are the preset's data (`HealthCodePolicy.colours`), so a rule missing from a preset gives no colour under it.
public enum CodeRule: String, Sendable, Hashable, Codable, CaseIterable {
    case confirmedCase = "case.confirmed"
    case asymptomaticCase = "case.asymptomatic"
    case suspectedCase = "case.suspected"
    /// A close contact not yet placed under quarantine.
    case closeContact = "contact.close"
    /// A secondary contact not yet placed under quarantine (9th edition only).
    case secondaryContact = "contact.secondary"
    case centralQuarantine = "quarantine.central"
    case homeQuarantine = "quarantine.home"
    case homeMonitoring = "quarantine.monitoring"
    /// A pooled tube came back positive: stay put until the single-tube retest is negative (混采阳性).
    case temporaryControl = "screening.temporary_control"
    case highRiskArea = "area.high"
    case mediumRiskArea = "area.medium"
    /// Visited a risk point (风险点位) inside its exposure window and not tested negative since.
    case riskPointVisit = "risk_point.visit"
    /// Visited a designated risk area in the days before it was designated and not tested negative since.
    case riskAreaVisit = "area.visit"
    /// Routine testing has run out (常态化核酸 overdue).
    case routineOverdue = "testing.overdue"
    /// An arrival's measure (三天三检) has a test that was not taken by its day.
    case arrivalTestMissed = "arrival.test_missed"
    /// Bought fever or cough medicine and not tested within the policy's hours (药店哨点).
    case pharmacyUntested = "pharmacy.untested"
    /// A colour set by a code officer and approved by a second one, until it expires. It applies under every preset
    /// and gives the colour the officers chose, so it has no entry in `HealthCodePolicy.colours`.
    case manual = "manual"
}
