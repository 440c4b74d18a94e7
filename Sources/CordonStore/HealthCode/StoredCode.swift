import CordonDomain
import Foundation

/// A person's code as kept in `health_codes`: the assessment and the preset it was made under.
public struct StoredCode: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let colour: CodeColour
    public let reasons: [CodeReason]
    public let policyID: String
    public let assessedAt: Int64
    public let changesAt: Int64?

    /// Whether the clock alone may have changed it since it was assessed.
    func isStale(at now: Int64) -> Bool { changesAt.map { now >= $0 } ?? false }

    static func encodeReasons(_ reasons: [CodeReason]) -> String { ReasonsJSON.encode(reasons) }

    static func decodeReasons(_ text: String) -> [CodeReason] {
        if text == "[]" { return [] }
        return (try? JSONDecoder().decode([CodeReason].self, from: Data(text.utf8))) ?? []
    }
}

/// One change of colour, with the reasons that held right after it.
public struct CodeChange: Sendable, Hashable, Codable {
    public let from: CodeColour?
    public let to: CodeColour
    public let reasons: [CodeReason]
    public let at: Int64
}

extension JSONEncoder {
    /// Sorted keys, so an unchanged assessment encodes to the same text and is not rewritten.
    static let reasons: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
