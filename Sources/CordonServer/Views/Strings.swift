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

    /// `row 3, tube T0000011: not received by this lab`, in the user's language.
    func screeningIssue(_ issue: ScreeningIssue, _ language: Language) -> String {
        var parts: [String] = []
        if let row = issue.row { parts.append(self("row_n", language).replacingOccurrences(of: "{row}", with: "\(row)")) }
        if let barcode = issue.barcode { parts.append(self("tube_n", language).replacingOccurrences(of: "{barcode}", with: barcode)) }
        let prefix = parts.joined(separator: self("list_separator", language))
        let message = self(issue.messageKey, language)
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }

    /// `onset_date: onset is after the report`, in the user's language.
    func tracingIssue(_ problem: TracingError, _ language: Language) -> String {
        let message = self("tracing.\(problem.code.rawValue)", language)
        let field = "\(self("field_\(problem.field)", language)): \(message)"
        guard let line = problem.line else { return field }
        return self("import_line", language).replacingOccurrences(of: "{line}", with: "\(line)") + self("list_separator", language) + field
    }

    /// `origin_code: names an unknown area code`, with the field's label, in the user's language.
    func fieldError(_ error: FieldError, _ language: Language) -> String {
        "\(self("field_\(error.field)", language)): \(self("field.\(error.code.rawValue)", language))"
    }

    /// `line 7, id_number: check digit does not match`, in the user's language.
    func issue(_ issue: ImportIssue, _ language: Language) -> String {
        var parts: [String] = []
        if let line = issue.line { parts.append(self("import_line", language).replacingOccurrences(of: "{line}", with: "\(line)")) }
        let message = self(issue.messageKey, language)
        if let field = issue.field { parts.append("\(field): \(message)") } else { parts.append(message) }
        return parts.joined(separator: self("list_separator", language))
    }
}
