import CordonDomain

/// A case as its pages and the API show it.
public struct CaseRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let residentID: Int64
    public let name: String
    public let address: String
    public let classification: CaseClassification
    public let severity: CaseSeverity
    /// ISO date, as the API shows it.
    public let onsetDate: String?
    public let sampledAt: Int64
    public let reportedAt: Int64
    public let foundBy: CaseDiscovery
    public let treatedAt: String
    public let isolatedAt: Int64?
    public let outcome: CaseOutcome
    public let closedAt: Int64?
    public let tubeBarcode: String?

    public var onset: CivilDate? { onsetDate.flatMap(CivilDate.init(iso:)) }

    /// The period in which this case could have infected others, under `policy`.
    public func window(now: Int64, policy: TracingPolicy) -> Presence {
        ExposureWindow.forCase(onset: onset, sampledAt: sampledAt, isolatedAt: isolatedAt, now: closedAt.map { min($0, now) } ?? now, policy: policy)
    }

    static let columns = """
        k.id, k.resident_id, r.name, r.address, k.classification, k.severity, k.onset_date, k.sampled_at, k.reported_at, k.found_by,
        k.treated_at, k.isolated_at, k.outcome, k.closed_at, t.barcode
        """
    static let from = "FROM cases k JOIN residents r ON r.id = k.resident_id LEFT JOIN tubes t ON t.id = k.tube_id"
    static let types: [SQLColumnType] = [.int, .int, .text, .text, .text, .text, .text, .int, .int, .text, .text, .int, .text, .int, .text]

    init(row r: [SQLValue]) {
        id = r[0].int!
        residentID = r[1].int!
        name = r[2].text!
        address = r[3].text ?? ""
        classification = r[4].text.flatMap(CaseClassification.init) ?? .suspected
        severity = r[5].text.flatMap(CaseSeverity.init) ?? .none
        onsetDate = r[6].text
        sampledAt = r[7].int!
        reportedAt = r[8].int!
        foundBy = r[9].text.flatMap(CaseDiscovery.init) ?? .other
        treatedAt = r[10].text ?? ""
        isolatedAt = r[11].int
        outcome = r[12].text.flatMap(CaseOutcome.init) ?? .underTreatment
        closedAt = r[13].int
        tubeBarcode = r[14].text
    }
}
