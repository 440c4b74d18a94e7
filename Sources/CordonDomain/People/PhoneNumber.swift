/// A mainland China mobile number: eleven digits starting 13–19. An optional +86 or 86 prefix is dropped.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    public let value: String
    public var description: String { value }

    public init(_ raw: String) throws(FieldError.Code) {
        var digits = raw.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }
        if digits.starts(with: "+86".utf8) {
            digits.removeFirst(3)
        } else if digits.count == 13, digits.starts(with: "86".utf8) {
            digits.removeFirst(2)
        }
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }) else { throw .format }
        guard digits.count == 11 else { throw .length }
        guard digits[0] == UInt8(ascii: "1"), (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(digits[1]) else { throw .format }
        self.value = String(decoding: digits, as: UTF8.self)
    }
}
