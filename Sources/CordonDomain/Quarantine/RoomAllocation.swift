/// Someone to be placed in a quarantine room. A child, an elderly or a disabled person may bring a carer, who shares
/// the room (单人单间, except for the one who cares for them).
public struct Placement: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let home: AreaPath
    public let needsCarer: Bool
    public let carerID: Int64?

    public init(residentID: Int64, home: AreaPath, needsCarer: Bool = false, carerID: Int64? = nil) {
        self.residentID = residentID
        self.home = home
        self.needsCarer = needsCarer
        self.carerID = carerID
    }

    /// How many beds the placement takes.
    public var beds: Int { carerID == nil ? 1 : 2 }
}

/// A room as the allocator sees it: which site it is in, where that site is, and who is in it now.
public struct RoomState: Sendable, Hashable, Codable {
    public let roomID: Int64
    public let siteID: Int64
    public let site: AreaPath
    /// Floor and number, so rooms fill in a predictable order.
    public let floor: Int
    public let number: String
    public let beds: Int
    public var occupants: [Int64]

    public init(roomID: Int64, siteID: Int64, site: AreaPath, floor: Int, number: String, beds: Int, occupants: [Int64]) {
        self.roomID = roomID
        self.siteID = siteID
        self.site = site
        self.floor = floor
        self.number = number
        self.beds = beds
        self.occupants = occupants
    }
}

public struct AllocationError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// Someone is already in the room: one person per room.
        case roomOccupied = "room_occupied"
        /// A carer may only come with someone who needs one, and the room must hold both.
        case carerNotAllowed = "carer_not_allowed"
        /// No room with space in any site.
        case noRoom = "no_room"
    }

    public let code: Code

    public init(_ code: Code) { self.code = code }
}

public enum RoomAllocation {
    /// Whether `placement` may go into `room`: the room must be empty, and a carer comes only with someone who needs
    /// one, into a room with a bed for each.
    public static func check(_ placement: Placement, into room: RoomState) throws(AllocationError) {
        guard room.occupants.isEmpty else { throw AllocationError(.roomOccupied) }
        if placement.carerID != nil, !placement.needsCarer || room.beds < 2 { throw AllocationError(.carerNotAllowed) }
    }

    /// How far a site is from a home in the area tree: 0 in the same community, then street, district, city.
    public static func distance(from home: AreaPath, to site: AreaPath) -> Int {
        for (n, level) in [AreaLevel.community, .street, .district, .city].enumerated() {
            if let id = home[level], id == site[level] { return n }
        }
        return 4
    }

    /// Places each person in turn (the order given, e.g. by ledger urgency) in the nearest site with a free room,
    /// then the lowest floor and number there, single rooms before double ones unless a carer comes. Returns the room
    /// per resident; a person for whom no room is left gets none and is reported in `unplaced`.
    ///
    /// Each site keeps its free rooms by bed count in the order they are handed out, so a person costs one pass over
    /// the sites rather than over every room: ten thousand contacts into ten thousand rooms is a few million steps.
    public static func allocate(_ people: [Placement], rooms: [RoomState]) -> (assigned: [Int64: Int64], unplaced: [Int64]) {
        struct Site {
            let id: Int64
            let path: AreaPath
            /// Free rooms by beds, last to be handed out first.
            var free: [Int: [RoomState]]
        }
        var byID: [Int64: Site] = [:]
        for room in rooms where room.occupants.isEmpty {
            byID[room.siteID, default: Site(id: room.siteID, path: room.site, free: [:])].free[room.beds, default: []].append(room)
        }
        var sites = byID.values.sorted { $0.id < $1.id }
        for i in sites.indices {
            for beds in sites[i].free.keys { sites[i].free[beds]!.sort { ($0.floor, $0.number) > ($1.floor, $1.number) } }
        }
        var assigned: [Int64: Int64] = [:]
        var unplaced: [Int64] = []
        for person in people {
            if person.carerID != nil, !person.needsCarer { unplaced.append(person.residentID); continue }
            let fewestBeds = person.carerID == nil ? 1 : 2
            var best: (distance: Int, index: Int, beds: Int)?
            for (i, site) in sites.enumerated() {
                guard let beds = site.free.filter({ $0.key >= fewestBeds && !$0.value.isEmpty }).keys.min() else { continue }
                let d = distance(from: person.home, to: site.path)
                if best.map({ d < $0.distance }) ?? true { best = (d, i, beds) }
            }
            guard let best, let room = sites[best.index].free[best.beds]?.popLast() else { unplaced.append(person.residentID); continue }
            assigned[person.residentID] = room.roomID
        }
        return (assigned, unplaced)
    }
}

extension AllocationError: Refusal {
    public var status: RefusalStatus { .conflict }
    public var key: String { "allocation.\(code.rawValue)" }
}
