/// Why a swab cannot go into a tube.
public enum TubeRefusal: String, Error, Sendable, Hashable {
    case notOpen = "tube_not_open"
    case full = "tube_full"
    case alreadyInTube = "already_in_tube"
    /// A household tube already holds another household.
    case otherHousehold = "other_household"
    /// The person has an open retest order and must be sampled in a single tube.
    case needsSingleTube = "needs_single_tube"
    /// The round pools the person's work group in smaller tubes than this one.
    case groupPool = "group_pool"
}

/// The rules of one pooled tube, without storage: how many people it takes and who is in it.
public struct TubeRules: Sendable, Hashable {
    public let capacity: Int
    /// Set for a household tube (sealed areas): every member must share one household.
    public let byHousehold: Bool
    public private(set) var members: [Int64]
    public private(set) var household: Int64?
    public private(set) var status: TubeStatus

    public init(capacity: Int, byHousehold: Bool = false, members: [Int64] = [], household: Int64? = nil, status: TubeStatus = .open) {
        self.capacity = capacity
        self.byHousehold = byHousehold
        self.members = members
        self.household = household
        self.status = status
    }

    /// Adds a person's swab: only to an open tube, never twice, never past the pooling ratio, never a second household
    /// into a household tube, a person awaiting a retest only into a tube no larger than `retestPool`, and a person
    /// whose work group the round pools at `groupPool` only into a tube no larger than that.
    public mutating func add(_ resident: Int64, household: Int64? = nil, awaitingRetest: Bool = false, retestPool: Int = 1,
                             groupPool: Int? = nil) throws(TubeRefusal) {
        guard status == .open else { throw .notOpen }
        guard !members.contains(resident) else { throw .alreadyInTube }
        guard members.count < capacity else { throw .full }
        if awaitingRetest && capacity > retestPool { throw .needsSingleTube }
        if let groupPool, capacity > groupPool { throw .groupPool }
        if byHousehold {
            if let held = self.household, held != household { throw .otherHousehold }
            self.household = household
        }
        members.append(resident)
    }

    /// A single tube closes itself when its one swab is in.
    public var closesNow: Bool { members.count == capacity }
}
