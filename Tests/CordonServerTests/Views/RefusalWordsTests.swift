import CordonDomain
import CordonStore
import Foundation
import Testing

/// Every refusal a request may end in, and every issue it may list, has words in both string tables under its key:
/// the key of each code of each refusal type, and each key the server's own refusals name in the sources.
@Suite struct RefusalWordsTests {
    static func keys() throws -> Set<String> {
        var keys = Set<String>()
        keys.formUnion(PassError.Code.allCases.map { PassError($0, "").key })
        keys.formUnion(VenueCodeError.allCases.map(\.key))
        keys.formUnion(QuarantineError.Code.allCases.map { QuarantineError($0).key })
        keys.formUnion(AllocationError.Code.allCases.map { AllocationError($0).key })
        keys.formUnion(RiskAreaError.Code.allCases.map { RiskAreaError($0).key })
        keys.formUnion(DirectiveError.Code.allCases.map { DirectiveError($0).key })
        keys.formUnion(StoreError.Code.allCases.map { StoreError($0, "").key })
        keys.formUnion(TracingError.Code.allCases.map { TracingError($0, field: "x").issue.key } + [TracingFailure([]).key])
        keys.formUnion(FieldError.Code.allCases.map { FieldError(field: "x", code: $0).issue.key } + [FieldErrors(errors: []).key])
        keys.formUnion(FieldError.Code.allCases.map(\.key))
        keys.formUnion(ImportIssue.Code.allCases.filter { $0 != .field }.map { ImportIssue(line: 1, field: nil, code: $0).issue.key })
        keys.formUnion(ScreeningIssue.Code.allCases.map { ScreeningIssue($0).issue.key } + [ScreeningFailure([]).key])
        keys.formUnion([ArrivalIdentityMismatch().key, ImportFailure(issues: []).key] + TravelPhoneMismatch().faults.map(\.key))
        // The edge's own: each `key: "…"` an AppError names, and the fixed ones.
        keys.formUnion(["request.unauthenticated", "request.forbidden", "request.not_found", "request.csrf", "request.throttled",
                        "request.invalid_fields", "request.method_not_allowed", "request.internal", "request.invalid"])
        for text in try FieldLabelsTests.sources("CordonServer") {
            for match in text.matches(of: #/(?:badRequest|conflict)\(key: "([a-z_.]+)"\)/#) { keys.insert(String(match.1)) }
        }
        return keys
    }

    @Test(arguments: ["zh-Hans", "en"]) func everyRefusalHasWords(language: String) throws {
        let table = FieldLabelsTests.root.appendingPathComponent("CordonServer/Resources/strings/\(language).json")
        let strings = try JSONSerialization.jsonObject(with: Data(contentsOf: table)) as? [String: String] ?? [:]
        let keys = try Self.keys()
        #expect(keys.count > 100)
        let missing = keys.filter { strings[$0] == nil }.sorted()
        #expect(missing.isEmpty, "no words in \(language).json for: \(missing.joined(separator: ", "))")
        let unscheme = keys.filter { !$0.contains(".") }.sorted()
        #expect(unscheme.isEmpty, "refusal keys are <family>.<reason>: \(unscheme)")
    }
}
