import CordonDomain
@testable import CordonStore
import Foundation
import Testing

@Suite struct ReasonsJSONTests {
    /// Stored reasons are compared as text to see whether a code changed, so the hand-written encoder must write what
    /// Foundation's sorted-key encoder writes, byte for byte, and Foundation must read it back.
    @Test func theHandWrittenEncodingIsFoundationsToTheByte() throws {
        let labels: [String?] = [nil, "", "和平小区", "a/b \"quoted\" \\ back", "tab\there\nline\r\u{01}\u{1F}\u{7F}", "🙂 emoji", "area_risk.high"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            var reasons: [CodeReason] = []
            for _ in 0..<(round % 4) {
                let label = labels.randomElement(using: &generator)!
                let source = FactSource(kind: [.caseRecord, .quarantine, .area, .areaVisit, .routineTesting, .manualColour].randomElement(using: &generator)!,
                                        id: Bool.random(using: &generator) ? Int64.random(in: -5...9_999_999_999, using: &generator) : nil, label: label,
                                        at: Bool.random(using: &generator) ? Int64.random(in: 0...2_000_000_000, using: &generator) : nil)
                reasons.append(CodeReason(rule: CodeRule.allCases.randomElement(using: &generator)!, colour: CodeColour.allCases.randomElement(using: &generator)!,
                                          source: source, since: Bool.random(using: &generator) ? Int64.random(in: 0...2_000_000_000, using: &generator) : nil,
                                          until: Bool.random(using: &generator) ? 1_800_000_000 : nil,
                                          clearance: Clearance.allCases.randomElement(using: &generator)!))
            }
            let foundation = String(decoding: try JSONEncoder.reasons.encode(reasons), as: UTF8.self)
            #expect(ReasonsJSON.encode(reasons) == foundation)
            #expect(StoredCode.decodeReasons(ReasonsJSON.encode(reasons)) == reasons)
        }
    }
}
