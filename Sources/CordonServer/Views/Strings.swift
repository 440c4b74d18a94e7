import CordonDomain
import Foundation
import CordonStore

/// The zh-Hans and en string tables. Templates never hold text of their own: every word comes from here.
struct Strings: Sendable {
    private let tables: [Language: [String: String]]

    init(directory: URL) throws {
        var tables: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
            tables[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        self.tables = tables
    }

    func table(_ language: Language) -> [String: String] { tables[language] ?? [:] }

    func callAsFunction(_ key: String, _ language: Language) -> String {
        tables[language]?[key] ?? tables[.en]?[key] ?? key
    }

    /// One issue in words: where (`line 7`, `row 3`, `tube T1000001`), the field (its label, or a file's column by
    /// name), and what is wrong, e.g. `line 7 · id_number: check digit does not match`.
    func issue(_ issue: Issue, _ language: Language) -> String {
        var place: [String] = []
        if let line = issue.line { place.append(self("import_line", language).replacingOccurrences(of: "{line}", with: "\(line)")) }
        if let row = issue.row { place.append(self("row_n", language).replacingOccurrences(of: "{row}", with: "\(row)")) }
        if let tube = issue.tube { place.append(self("tube_n", language).replacingOccurrences(of: "{barcode}", with: tube)) }
        let message = self(issue.key, language)
        let field = issue.label.map { self($0, language) } ?? issue.field
        let what = field.map { "\($0): \(message)" } ?? message
        guard !place.isEmpty else { return what }
        let separator = self("list_separator", language)
        return place.joined(separator: separator) + (field == nil ? ": " + what : separator + what)
    }
}
