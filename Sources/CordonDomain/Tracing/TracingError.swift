/// Why a tracing step was refused, with the field it concerns. The edge turns the code into a sentence in the
/// reader's language.
public struct TracingError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case onsetAfterReport = "onset_after_report"
        case onsetWhenAsymptomatic = "onset_when_asymptomatic"
        case sampledAfterReport = "sampled_after_report"
        case inFuture = "in_future"
        case tooLong = "too_long"
        case outsideWindow = "outside_window"
        case emptySpan = "empty_span"
        case contactIsCase = "contact_is_case"
        case unknownVenue = "unknown_venue"
        case unknownPerson = "unknown_person"
        case duplicateRow = "duplicate_row"
        case stageOutOfOrder = "stage_out_of_order"
        case stageBeforeConfirmation = "stage_before_confirmation"
        case tierNotInPolicy = "tier_not_in_policy"
        case alreadyACase = "already_a_case"
        case reasonMissing = "reason_missing"
        case caseClosed = "case_closed"
        case notAVenueEntry = "not_a_venue_entry"
        case unknownValue = "unknown_value"
        case badFormat = "bad_format"
    }

    public let code: Code
    public let field: String
    /// The line of an imported file, counting the header as line 1.
    public let line: Int?

    public init(_ code: Code, field: String, line: Int? = nil) {
        self.code = code
        self.field = field
        self.line = line
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + "\(field): \(code.rawValue)" }
}

/// Several problems at once: a registration or an import refused whole, every problem named.
public struct TracingFailure: Error, Sendable, Hashable {
    public let problems: [TracingError]

    public init(_ problems: [TracingError]) {
        self.problems = problems
    }
}

extension TracingError: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "tracing.refused" }
    public var faults: [Issue] { [issue] }
    /// In a file the field is its column, named as the file names it; on a form, its label.
    public var issue: Issue { Issue(line: line, field: field, label: line == nil ? "field_\(field)" : nil, key: "tracing.\(code.rawValue)") }
}

extension TracingFailure: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "tracing.refused" }
    public var faults: [Issue] { problems.map(\.issue) }
}
