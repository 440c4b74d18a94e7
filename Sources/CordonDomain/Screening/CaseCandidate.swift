/// A positive single tube or retest: a person the epidemiologists must confirm as a case or rule out. Screening raises
/// it in the transaction that records the result; case registration consumes it.
public struct CaseCandidate: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let address: String
    public let barcode: String
    public let sampledAt: Int64
    public let resultedAt: Int64
    /// Cycle threshold as the lab reported it; the November 2022 rules count Ct < 35 as positive.
    public let ct: String?

    public init(residentID: Int64, name: String, address: String, barcode: String, sampledAt: Int64, resultedAt: Int64, ct: String?) {
        self.residentID = residentID
        self.name = name
        self.address = address
        self.barcode = barcode
        self.sampledAt = sampledAt
        self.resultedAt = resultedAt
        self.ct = ct
    }
}
