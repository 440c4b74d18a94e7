/// Rooms free over the coming days: today's free rooms, plus the rooms that central phases hand back as they end,
/// less the people still waiting for a room, who take rooms first.
public struct CapacityForecast: Sendable, Hashable, Codable {
    public struct Day: Sendable, Hashable, Codable {
        /// The start of the day (local midnight).
        public let date: CivilDate
        /// Rooms left once the waiting are placed: negative when more people wait than there are rooms.
        public let free: Int
        /// Rooms in use at the start of the day by people already placed.
        public let occupied: Int

        /// What a page shows as free: never fewer than none. A shortfall is its own figure.
        public var available: Int { max(0, free) }
        /// Rooms missing for the people waiting: the command centre's call to open another site.
        public var shortfall: Int { max(0, -free) }
    }

    public let rooms: Int
    public let waiting: Int
    public let days: [Day]

    /// `occupiedUntil` holds, for each occupied room, the moment its stay is planned to end (the end of the person's
    /// central phase). A room is free on a day if its stay ends before that day starts; waiting people are placed
    /// into the rooms free now, so they reduce every day's figure until their own stays are known.
    public init(rooms: Int, occupiedUntil: [Int64], waiting: Int, from today: CivilDate, days count: Int = 7) {
        self.rooms = rooms
        self.waiting = waiting
        let ends = occupiedUntil.sorted()
        var days: [Day] = []
        var index = 0
        for n in 0..<max(1, count) {
            let date = today.adding(days: n)
            // Day 0 is "now": every stay still open counts; later days count the stays still open at their midnight.
            let cutoff = n == 0 ? Int64.min : date.startUnixTime()
            while index < ends.count, ends[index] <= cutoff { index += 1 }
            let occupied = ends.count - index
            days.append(Day(date: date, free: rooms - occupied - waiting, occupied: occupied))
        }
        self.days = days
    }
}
