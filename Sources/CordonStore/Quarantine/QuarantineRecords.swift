import CordonDomain

/// A site as its staff see it: where it is, whether it takes people, and how full it is now.
public struct QuarantineSiteRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let code: String
    public let name: String
    public let areaCode: String
    public let areaName: String
    public let address: String
    public let open: Bool
    public let rooms: Int
    public let inService: Int
    public let occupied: Int

    public var free: Int { max(0, inService - occupied) }
}

/// A room and who is in it now.
public struct RoomRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let siteID: Int64
    public let floor: Int
    public let number: String
    public let beds: Int
    public let inService: Bool
    public let assignmentID: Int64?
    public let occupantName: String?
    public let carerName: String?
    /// When the stay is planned to end (the end of the occupant's central phase).
    public let plannedUntil: Int64?
}

/// How a person came to be under a measure.
public enum MeasureSource: String, Sendable, Hashable, Codable {
    case contact
    case arrival
    case manual
}

/// One person's measure: the schedule fixed at placement, where they are, and how it ended.
public struct AssignmentRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let residentID: Int64
    public let name: String
    public let address: String
    public let tier: MeasureTier
    public let policyID: String
    public let source: MeasureSource
    public let contactID: Int64?
    public let arrivalID: Int64?
    public let schedule: QuarantineSchedule
    public let status: Status
    public let endedAt: Int64?
    public let endKind: String?
    public let endReason: String?
    public let stay: Stay?

    public enum Status: String, Sendable, Hashable, Codable {
        case active
        case released
        case hospital
    }

    public struct Stay: Sendable, Hashable, Codable {
        public let roomID: Int64
        public let siteID: Int64
        public let siteCode: String
        public let siteName: String
        public let roomNumber: String
        public let carerName: String?
        public let plannedUntil: Int64
        public let open: Bool
    }

    /// Where the person is at `now`: in a room, at home or monitored at home; nil once the measure has ended.
    public func kind(at now: Int64) -> QuarantineKind? {
        guard status == .active else { return nil }
        return schedule.phase(at: now)?.kind ?? schedule.phases.last?.kind
    }
}

/// A scheduled test and what was done about it.
public struct ScheduledTest: Sendable, Hashable, Codable {
    public let assignmentID: Int64
    public let residentID: Int64
    public let name: String
    public let phaseKind: QuarantineKind
    public let day: Int
    public let dueFrom: Int64
    public let dueBy: Int64
    /// The first sample taken inside the test's day, and its result once the lab has sent it.
    public let sampledAt: Int64?
    public let result: TestResult?
    public let roomNumber: String?
}

/// One temperature-and-symptoms check as recorded.
public struct CheckRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let assignmentID: Int64
    public let at: Int64
    public let temperatureTenths: Int?
    public let symptoms: [Symptom]
    public let bySelf: Bool
    public let recordedBy: String
}

/// Something the site's staff must act on.
public struct AlertRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let assignmentID: Int64
    public let residentID: Int64
    public let name: String
    public let kind: AlertKind
    public let at: Int64
    public let detail: String
    public let resolvedAt: Int64?
    public let resolution: String?
}

/// Someone confirmed for a measure who has none yet: a contact from the ledger or an arrival held by their origin.
public struct WaitingPerson: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let address: String
    public let source: MeasureSource
    public let contactID: Int64?
    public let arrivalID: Int64?
    public let tier: MeasureTier
    /// When they were confirmed as a contact, or arrived.
    public let since: Int64
    public let needsRoom: Bool
    public let mayBringCarer: Bool
}

/// What an allocation did: who was placed where, who is at home, who is left for lack of a room, and who the policy
/// gives no measure.
public struct AllocationReport: Sendable, Hashable, Codable {
    public let placed: Int
    public let atHome: Int
    public let unplaced: [Int64]
    public let notInPolicy: [Int64]
}
