/// A temperature sent in °C, as the tenths of a degree the records keep.
public enum BodyTemperature {
    /// Nil for what no thermometer reads: not a number, or beyond 100 °C either way. Converting such a value to an
    /// integer would trap (schemathesis sent 1e300 and brought the server down); callers refuse it as out of range.
    public static func tenths(celsius: Double) -> Int? {
        guard celsius.isFinite, abs(celsius) <= 100 else { return nil }
        return Int((celsius * 10).rounded())
    }
}
