import CordonDomain
import Hummingbird

/// Query parameters read strictly: a value that is there but malformed is the caller's mistake and answered 400 naming
/// the parameter, never quietly taken as absent (which answered a different question than the one asked).
extension Request {
    /// A whole number in `range`; nil when absent or empty.
    func queryInteger(_ name: String, in range: ClosedRange<Int64> = 1...Int64.max) throws -> Int64? {
        guard let raw = uri.queryParameters[name[...]], !raw.isEmpty else { return nil }
        guard let value = Int64(String(raw)), range.contains(value) else { throw FieldErrors(errors: [FieldError(field: name, code: .format)]) }
        return value
    }

    /// Whether the caller asked for CSV with `format=csv`; `json`, empty or absent is JSON, anything else 400.
    func wantsCSV() throws -> Bool {
        switch uri.queryParameters["format"].map(String.init) ?? "" {
        case "csv": return true
        case "", "json": return false
        default: throw FieldErrors(errors: [FieldError(field: "format", code: .unknownValue)])
        }
    }

    /// A yes/no switch: absent or empty is `absent` (no, unless the route says otherwise); `1`/`true` yes,
    /// `0`/`false` no, anything else 400.
    func queryFlag(_ name: String, absent: Bool = false) throws -> Bool {
        guard let raw = uri.queryParameters[name[...]], !raw.isEmpty else { return absent }
        switch raw {
        case "1", "true": return true
        case "0", "false": return false
        default: throw FieldErrors(errors: [FieldError(field: name, code: .format)])
        }
    }
}
