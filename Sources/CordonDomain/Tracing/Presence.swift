/// A span of time someone was somewhere: a venue visit, an interview entry, a case's whole exposure window.
public struct Presence: Sendable, Hashable, Codable {
    public let start: Int64
    public let end: Int64

    public init(start: Int64, end: Int64) {
        self.start = start
        self.end = max(start, end)
    }

    /// Co-presence: the spans overlap, or the gap between them is at most `margin` seconds. The edges count, so a
    /// visitor who arrives exactly `margin` after the case left is a contact and one a second later is not.
    public func meets(_ other: Presence, margin: Int64) -> Bool {
        other.start <= end + margin && start <= other.end + margin
    }

    /// Seconds the two spans share; zero when they do not meet.
    public func overlap(with other: Presence) -> Int64 {
        max(0, min(end, other.end) - max(start, other.start))
    }

    /// Whether any moment of this span lies inside `window`.
    public func overlaps(_ window: Presence) -> Bool {
        start <= window.end && window.start <= end
    }

    /// The last moment two co-present spans shared: when the later exposure ended.
    public func lastShared(with other: Presence) -> Int64 {
        min(end, other.end) >= max(start, other.start) ? min(end, other.end) : max(start, other.start)
    }
}

/// The period in which a case (or a close contact) could have infected others.
public enum ExposureWindow {
    /// For a case: from the start of the day `lookbackDays` before onset (or sampling, if there was no onset) until
    /// isolation, or `now` while the case is not isolated.
    public static func forCase(onset: CivilDate?, sampledAt: Int64, isolatedAt: Int64?, now: Int64, policy: TracingPolicy) -> Presence {
        let anchor = onset ?? CivilDate(unixTime: sampledAt)
        return Presence(start: anchor.adding(days: -policy.lookbackDays).startUnixTime(), end: isolatedAt ?? now)
    }

    /// For a close contact whose contacts are traced in turn: from their last exposure to the case until they were
    /// put under control, or `now` while they are not.
    public static func forContact(exposedAt: Int64, controlledAt: Int64?, now: Int64) -> Presence {
        Presence(start: exposedAt, end: controlledAt ?? now)
    }
}

/// When two visits to one venue count as meeting.
public enum CoPresence: Sendable, Hashable {
    /// The gap between the visits is at most this many seconds (the air and surfaces carry it a while).
    case within(seconds: Int64)
    /// The visits share at least this many seconds (close-range contact).
    case overlapping(seconds: Int64)

    public func met(_ a: Presence, _ b: Presence) -> Bool {
        switch self {
        case .within(let seconds): a.meets(b, margin: seconds)
        case .overlapping(let seconds): a.overlap(with: b) >= max(1, seconds)
        }
    }

    /// How far outside a span a meeting visit may lie, for the index scans that look for them.
    public var reach: Int64 {
        switch self {
        case .within(let seconds): seconds
        case .overlapping: 0
        }
    }
}
