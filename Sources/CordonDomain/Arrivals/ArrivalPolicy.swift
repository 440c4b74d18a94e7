/// What an arrival's origin demands (来返报备): a quarantine measure, or tests on given days with no quarantine.
public enum ArrivalMeasure: Sendable, Hashable {
    case quarantine(MeasureTier)
    /// Tests on these days after arrival, day 1 being the day of arrival (三天三检: days 1, 2, 3).
    case tests(days: [Int])
}

/// The arrivals part of a preset: the measure by the risk level of the place a traveller comes from, and the measure
/// for anyone else (nil: none).
public struct ArrivalPolicy: Sendable, Hashable {
    public let byOriginRisk: [AreaRisk: ArrivalMeasure]
    public let otherwise: ArrivalMeasure?

    public init(byOriginRisk: [AreaRisk: ArrivalMeasure], otherwise: ArrivalMeasure?) {
        self.byOriginRisk = byOriginRisk
        self.otherwise = otherwise
    }

    /// The measure for an origin at `risk` (nil when the origin is in no risk area).
    public func measure(originRisk risk: AreaRisk?) -> ArrivalMeasure? {
        risk.flatMap { byOriginRisk[$0] } ?? otherwise
    }

    /// The tests an arrival owes: each due by the end of its day, counted from the arrival's date in the city.
    public static func tests(arrivalID: Int64, arrivedAt: Int64, days: [Int]) -> [ArrivalTest] {
        let first = CivilDate(unixTime: arrivedAt)
        return days.sorted().map { day in
            ArrivalTest(arrivalID: arrivalID, day: day, dueBy: first.adding(days: day).startUnixTime(), sampledAt: nil)
        }
    }
}
