/// A temperature sent in °C, as the tenths of a degree the records keep.
public enum BodyTemperature {
    /// Nil for what no thermometer reads: not a number, or beyond 100 °C either way. Converting such a value to an
    /// integer would trap (schemathesis sent 1e300 and brought the server down); callers refuse it as out of range.
    public static func tenths(celsius: Double) -> Int? {
        guard celsius.isFinite, abs(celsius) <= 100 else { return nil }
        return Int((celsius * 10).rounded())
    }
}

/// A temperature as a body gives it: a number from a program, or what a person typed in a form (`36.6`, or `366` in
/// tenths). What no thermometer reads is refused as out of range.
public struct TemperatureReading: Decodable, Sendable, Hashable {
    public let tenths: Int

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard let tenths = try MonitoringCheck.parseTemperature(text) else { throw QuarantineError(.temperatureOutOfRange) }
            self.tenths = tenths
        } else {
            guard let tenths = BodyTemperature.tenths(celsius: try container.decode(Double.self)) else { throw QuarantineError(.temperatureOutOfRange) }
            self.tenths = tenths
        }
    }
}
