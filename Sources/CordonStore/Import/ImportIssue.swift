import CordonDomain

/// Why a file or one of its lines was refused: a line (1 is the header), the column, and a stable code.
public struct ImportIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case emptyFile = "empty_file"
        case notUTF8 = "not_utf8"
        case badQuote = "bad_quote"
        case missingColumn = "missing_column"
        case unknownColumn = "unknown_column"
        case fieldCount = "field_count"
        case duplicateInFile = "duplicate_in_file"
        case wrongLevel = "wrong_level"
        case field
    }

    public let line: Int?
    public let field: String?
    public let code: Code
    /// Set when `code` is `.field`: what was wrong with the value.
    public let fieldCode: FieldError.Code?

    public init(line: Int?, field: String?, code: Code, fieldCode: FieldError.Code? = nil) {
        self.line = line
        self.field = field
        self.code = code
        self.fieldCode = fieldCode
    }

    public init(line: Int, _ error: FieldError) {
        self.init(line: line, field: error.field, code: .field, fieldCode: error.code)
    }

    /// The key a string table uses for this issue.
    public var messageKey: String { fieldCode.map { "field.\($0.rawValue)" } ?? "import.\(code.rawValue)" }

    /// English wording for the CLI and logs, e.g. `line 7, id_number: check digit does not match`.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line)") }
        let what: String
        switch code {
        case .emptyFile: what = "the file is empty"
        case .notUTF8: what = "the file is not UTF-8 text"
        case .badQuote: what = "a quoted field is not closed properly"
        case .missingColumn: what = "the header lacks this column"
        case .unknownColumn: what = "the header has a column that is not in the format"
        case .fieldCount: what = "the row has a different number of fields than the header"
        case .duplicateInFile: what = "appears twice in the file"
        case .wrongLevel: what = "the level cannot sit under its parent"
        case .field: what = fieldCode.map { FieldError(field: field ?? "", code: $0).message } ?? "is invalid"
        }
        if let field { parts.append("\(field): \(what)") } else { parts.append(what) }
        return parts.joined(separator: ", ")
    }
}

/// The outcome of an import: how many rows were written, and each line refused (only with skip-invalid; otherwise
/// any refusal aborts the whole import and is thrown as `ImportFailure`).
public struct ImportReport: Sendable, Hashable {
    public let inserted: Int
    public let rejected: [ImportIssue]
}

/// An import refused as a whole; nothing was written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public let issues: [ImportIssue]
    public init(issues: [ImportIssue]) { self.issues = issues }
    public var description: String { issues.prefix(20).map(\.description).joined(separator: "\n") }
}

extension ImportIssue {
    /// Columns go by the file's own names.
    public var issue: Issue { Issue(line: line, field: field, key: messageKey) }
}

extension ImportFailure: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "import.refused" }
    public var faults: [Issue] { issues.map(\.issue) }
}
