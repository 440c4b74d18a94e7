/// A value that failed validation: which field, and why, as a stable code that the edges translate.
public struct FieldError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Error, Sendable, Hashable, CaseIterable {
        case missing
        case length
        case format
        case checkDigit = "check_digit"
        case birthDate = "birth_date"
        case unknownArea = "unknown_area"
        case duplicate
        case unknownValue = "unknown_value"
        case tooLong = "too_long"
        case unknownPerson = "unknown_person"
        case unknownCase = "unknown_case"
        case isTheCase = "is_the_case"
        case notInPolicy = "not_in_policy"
        case inFuture = "in_future"
        case outOfRange = "out_of_range"
    }

    public let field: String
    public let code: Code

    public init(field: String, code: Code) {
        self.field = field
        self.code = code
    }

    /// English text, for logs and the CLI; the server localises by `code`.
    public var message: String {
        switch code {
        case .missing: "is required"
        case .length: "has the wrong length"
        case .format: "is not in the expected format"
        case .checkDigit: "check digit does not match"
        case .birthDate: "contains an impossible birth date"
        case .unknownArea: "names an unknown area code"
        case .duplicate: "is already registered"
        case .unknownValue: "has an unknown value"
        case .tooLong: "is too long"
        case .unknownPerson: "names nobody registered here"
        case .unknownCase: "names no open case you can see"
        case .isTheCase: "is the case himself"
        case .notInPolicy: "is not traced under the policy in force"
        case .inFuture: "lies in the future"
        case .outOfRange: "is outside the allowed range"
        }
    }

    public var description: String { "\(field): \(message)" }
}

/// A value refused on its own, without the form around it: still the caller's input.
extension FieldError: Refusal {
    public var status: RefusalStatus { .badRequest }
    public var key: String { "request.invalid_fields" }
    public var faults: [Issue] { [issue] }
    public var issue: Issue { Issue(field: field, label: "field_\(field)", key: "field.\(code.rawValue)") }
}

extension FieldError.Code: Refusal {
    public var status: RefusalStatus { .badRequest }
    public var key: String { "request.invalid" }
}
