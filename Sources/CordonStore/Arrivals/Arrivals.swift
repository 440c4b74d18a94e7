import CordonDomain

/// Arrivals (来返报备): the places travellers come from and their risk, each arrival's report and the measure its
/// origin demands under the policy (tests on given days, or a quarantine tier), and each person's trips.
public struct Arrivals: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    func policy(at now: Int64) -> PolicyPreset { database.policies.inForce(at: now) }
}

/// A place travellers come from, with its current risk level (nil: none).
public struct Origin: Sendable, Hashable, Codable {
    public let code: String
    public let name: String
    public let risk: AreaRisk?
}

/// What the policy asks of an arrival.
public enum ArrivalMeasureKind: String, Sendable, Hashable, Codable, CaseIterable {
    case none
    case tests
    case quarantine
}

/// One arrival with its measure and how it stands.
public struct ArrivalRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let residentID: Int64
    public let name: String
    public let address: String
    public let originCode: String
    public let originName: String
    public let originRisk: AreaRisk?
    public let transport: Transport
    public let tripNumber: String
    public let arrivedOn: CivilDate
    public let measure: ArrivalMeasureKind
    public let tier: MeasureTier?
    public let tests: [Test]
    /// The measure placed for a quarantine tier, once placed.
    public let assignmentID: Int64?

    public struct Test: Sendable, Hashable, Codable {
        public let day: Int
        public let dueFrom: Int64
        public let dueBy: Int64
        public let sampledAt: Int64?
    }

    /// Tests past their day with no sample taken since they fell due.
    public func missed(at now: Int64) -> [Test] { tests.filter { $0.sampledAt == nil && $0.dueBy <= now } }
}
