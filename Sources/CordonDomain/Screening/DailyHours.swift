/// The hours a site opens each day, in local minutes after midnight: from `opens` up to, not including, `closes`.
/// A site open around the clock runs from 0 to 1440.
public struct DailyHours: Sendable, Hashable, Codable {
    public let opens: Int
    public let closes: Int

    public init(opens: Int, closes: Int) throws(FieldError.Code) {
        guard (0..<1440).contains(opens), (1...1440).contains(closes) else { throw .format }
        guard opens < closes else { throw .unknownValue }
        self.opens = opens
        self.closes = closes
    }

    /// Parses `07:00` and `22:00` (24:00 allowed as a closing time).
    public init(opens: String, closes: String) throws(FieldError.Code) {
        guard let o = Self.minute(opens), let c = Self.minute(closes) else { throw .format }
        try self.init(opens: o, closes: c)
    }

    public static let allDay = try! DailyHours(opens: 0, closes: 1440)

    /// Whether the site is open at `unixTime`, in China Standard Time like every civil date here.
    public func isOpen(at unixTime: Int64, utcOffsetSeconds: Int64 = 8 * 3600) -> Bool {
        let local = unixTime + utcOffsetSeconds
        let minute = Int(((local % 86_400) + 86_400) % 86_400 / 60)
        return minute >= opens && minute < closes
    }

    public var text: String { "\(Self.clock(opens))–\(Self.clock(closes))" }

    static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }

    static func minute(_ text: String) -> Int? {
        let parts = text.trimmingSpaces().split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }
}
