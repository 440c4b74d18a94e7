/// Why a swab cannot go into a tube.
public enum TubeRefusal: String, Error, Sendable, Hashable {
    case notOpen = "tube_not_open"
    case full = "tube_full"
    case alreadyInTube = "already_in_tube"
}

/// The rules of one pooled tube, without storage: how many people it takes and who is in it.
public struct TubeRules: Sendable, Hashable {
    public let capacity: Int
    public private(set) var members: [Int64]
    public private(set) var status: TubeStatus

    public init(capacity: Int, members: [Int64] = [], status: TubeStatus = .open) {
        self.capacity = capacity
        self.members = members
        self.status = status
    }

    /// Adds a person's swab: only to an open tube, never twice, never past the pooling ratio.
    public mutating func add(_ resident: Int64) throws(TubeRefusal) {
        guard status == .open else { throw .notOpen }
        guard !members.contains(resident) else { throw .alreadyInTube }
        guard members.count < capacity else { throw .full }
        members.append(resident)
    }

    /// A single tube closes itself when its one swab is in.
    public var closesNow: Bool { members.count == capacity }
}
