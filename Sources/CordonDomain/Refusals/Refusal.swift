/// How a refused request reaches the caller, whatever refused it: a status, a stable key (the code programs read and
/// the key of its words in the string tables), and the issues at fault. Every error a request may end in adopts this, and the server
/// maps it once, at the edge.
public protocol Refusal: Error {
    var status: RefusalStatus { get }
    /// Stable for programs and the string tables' key for people: `<family>.<reason>`, e.g. `quarantine.not_yet_due`.
    var key: String { get }
    /// What was wrong, one issue per field, line or tube; empty when the key says it all.
    var faults: [Issue] { get }
}

extension Refusal {
    public var faults: [Issue] { [] }
}

/// The HTTP status of a refusal, named here so the domain stays free of HTTP; the server turns it into one.
public enum RefusalStatus: Int, Sendable, Hashable {
    /// Malformed or impossible input.
    case badRequest = 400
    case unauthenticated = 401
    case forbidden = 403
    case notFound = 404
    /// The path exists, but not for this method.
    case methodNotAllowed = 405
    /// The input is fine but the state of things forbids it.
    case conflict = 409
    /// Well formed, but the rules refuse it (a file with bad lines, a pass that does not verify).
    case unprocessable = 422
    case tooManyRequests = 429
    /// Ours, not the caller's.
    case internalError = 500
}

/// One thing wrong with what was sent: where (a line of a file, a row of an upload, a field, a tube) and why.
public struct Issue: Sendable, Hashable, Codable {
    /// The line of a file, the header being line 1.
    public let line: Int?
    /// The row of an upload, counted from 1 as the caller sent them.
    public let row: Int?
    /// The field or column as the caller named it.
    public let field: String?
    /// The key of the field's label for people (`field_id_number`); a file's columns go by their own names.
    public let label: String?
    /// The tube the issue concerns, by its barcode.
    public let tube: String?
    /// Stable, and the key of its words in the string tables: `field.check_digit`, `import.bad_quote`.
    public let key: String

    public init(line: Int? = nil, row: Int? = nil, field: String? = nil, label: String? = nil, tube: String? = nil, key: String) {
        self.line = line
        self.row = row
        self.field = field
        self.label = label
        self.tube = tube
        self.key = key
    }
}
