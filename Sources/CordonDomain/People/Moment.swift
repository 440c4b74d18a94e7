/// A point in time as a body gives it: seconds since 1970 from a program, or the city's local time as a person types
/// it in a form (`2022-11-10 14:30`, a `datetime-local` field's `2022-11-10T14:30`). Anything else is not a time.
public struct Moment: Decodable, Sendable, Hashable {
    public let unix: Int64

    public init(unix: Int64) { self.unix = unix }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let unix = try? container.decode(Int64.self) {
            self.unix = unix
            return
        }
        let text = try container.decode(String.self)
        guard let unix = Int64(text) ?? LocalTime.parse(text) else {
            throw DecodingError.typeMismatch(Moment.self, .init(codingPath: decoder.codingPath, debugDescription: "not a time"))
        }
        self.unix = unix
    }
}
