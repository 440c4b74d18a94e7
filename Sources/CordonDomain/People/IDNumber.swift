/// A resident identity card number (居民身份证号码) checked against GB 11643-1999.
///
/// The 18th character is an ISO 7064 MOD 11-2 check over the first 17 digits, so a single mistyped digit
/// or a swapped pair is caught at the door instead of creating a second person in the registry.
public struct IDNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public let birthDate: CivilDate
    public let sex: Sex

    public var description: String { value }
    /// The six-digit administrative division code of the place of registration.
    public var regionCode: Substring { value.prefix(6) }

    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    public init(_ raw: String) throws(FieldError.Code) {
        // Bytes, not Characters: registries arrive a million lines at a time and this runs for every one.
        var bytes = Array(raw.trimmingSpaces().utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { throw .format }
        guard bytes.count == 18 else { throw .length }
        if bytes[17] == UInt8(ascii: "x") { bytes[17] = UInt8(ascii: "X") }
        var digits = [Int](repeating: 0, count: 17)
        var sum = 0
        for i in 0..<17 {
            guard (0x30...0x39).contains(bytes[i]) else { throw .format }
            digits[i] = Int(bytes[i] - 0x30)
            sum += digits[i] * Self.weights[i]
        }
        let last = bytes[17]
        guard (0x30...0x39).contains(last) || last == UInt8(ascii: "X") else { throw .format }
        guard Self.checkBytes[sum % 11] == last else { throw .checkDigit }
        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard let date = CivilDate(year: year, month: month, day: day), year >= 1880 else { throw .birthDate }
        self.value = String(decoding: bytes, as: UTF8.self)
        self.birthDate = date
        self.sex = digits[16] % 2 == 1 ? .male : .female
    }

    private static let checkBytes: [UInt8] = checkCharacters.map { $0.asciiValue! }

    /// The check character for seventeen leading digits; used by the synthetic city to mint valid numbers.
    public static func checkCharacter(for first17: String) -> Character? {
        let chars = Array(first17)
        guard chars.count == 17 else { return nil }
        var sum = 0
        for i in 0..<17 {
            guard let d = chars[i].wholeNumberValue else { return nil }
            sum += d * weights[i]
        }
        return checkCharacters[sum % 11]
    }
}

public enum Sex: String, Sendable, Codable, CaseIterable {
    case male, female
}

extension String {
    /// The text without leading and trailing whitespace: what every form field and CSV cell is compared by.
    public func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        // Printable ASCII at both ends is the common case, and needs no look into Unicode's property tables.
        if (0x21...0x7E).contains(first.value) && (0x21...0x7E).contains(last.value) { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    /// An identifier as it is hashed for search: trimmed and upper-cased (the X check character of a resident card
    /// may be typed in lower case). Digits and capitals, as nearly all are, come back as they are.
    public func identifierForSearch() -> String {
        let trimmed = trimmingSpaces()
        if trimmed.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) { return trimmed }
        return trimmed.uppercased()
    }
}
