/// A mainland China mobile number: eleven digits starting 13–19. An optional +86 or 86 prefix is dropped.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init(_ raw: String) throws(FieldError.Code) {
        var digits = raw.filter { $0 != " " && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { throw .format }
        guard digits.count == 11 else { throw .length }
        let second = digits[digits.index(after: digits.startIndex)]
        guard digits.first == "1", ("3"..."9").contains(second) else { throw .format }
        self.value = digits
    }
}
