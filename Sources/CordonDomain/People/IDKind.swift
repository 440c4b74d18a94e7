/// The kind of identity document a resident registered with.
public enum IDKind: String, Sendable, Codable, CaseIterable {
    /// 居民身份证, validated by GB 11643.
    case residentCard = "resident_card"
    /// A passport or travel permit: 5–20 letters and digits, no check digit to verify.
    case passport

    /// Validates and normalises a document number of this kind.
    public func normalise(_ raw: String) throws(FieldError.Code) -> String {
        switch self {
        case .residentCard:
            return try IDNumber(raw).value
        case .passport:
            let text = raw.trimmingSpaces().uppercased()
            guard (5...20).contains(text.count) else { throw .length }
            guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { throw .format }
            return text
        }
    }
}
