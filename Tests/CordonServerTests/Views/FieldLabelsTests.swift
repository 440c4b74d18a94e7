import Foundation
import Testing

/// Every field a refusal can name has a label in both string tables, so a person reads "日检测能力: 超出允许范围"
/// and never "field_daily_capacity" (schemathesis found that one). The fields are read from the sources: each
/// `field: "…"` of a FieldError or TracingError, and each query parameter read strictly.
@Suite struct FieldLabelsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources").standardized

    static func namedFields() throws -> Set<String> {
        var names = Set<String>()
        let patterns = [#/field: "([a-z_]+)"/#, #/query(?:Flag|Integer)\("([a-z_]+)"/#]
        for text in try sources() {
            for pattern in patterns { for match in text.matches(of: pattern) { names.insert(String(match.1)) } }
        }
        return names
    }

    /// The text of every Swift source file under `Sources/<folder>` (all of them when nil).
    static func sources(_ folder: String? = nil) throws -> [String] {
        let top = folder.map { root.appendingPathComponent($0) } ?? root
        let files = FileManager.default.enumerator(at: top, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        return try files.filter { $0.pathExtension == "swift" }.map { try String(contentsOf: $0, encoding: .utf8) }
    }

    @Test(arguments: ["zh-Hans", "en"]) func everyNamedFieldHasALabel(language: String) throws {
        let table = Self.root.appendingPathComponent("CordonServer/Resources/strings/\(language).json")
        let strings = try JSONSerialization.jsonObject(with: Data(contentsOf: table)) as? [String: String] ?? [:]
        let fields = try Self.namedFields()
        #expect(fields.count > 50)
        let missing = fields.filter { strings["field_\($0)"] == nil }.sorted()
        #expect(missing.isEmpty, "no label in \(language).json for: \(missing.joined(separator: ", "))")
    }
}
