import CordonDomain
import CordonStore
import Hummingbird

/// Errors raised at the edge. Store and domain errors are translated here and nowhere else.
enum AppError: Error {
    case unauthenticated
    case forbidden
    case notFound
    case badRequest(key: String)
    /// The request is well formed but the state forbids it (e.g. printing a paper pass for a yellow code).
    case conflict(key: String)
    case csrf
    case throttled(retryAfter: Int)
    /// A form or body whose fields failed validation, each named with its reason (already in the reader's language).
    case invalidFields([String])
    /// The path exists, but not for this method; `allow` lists those it has.
    case methodNotAllowed(allow: [String])

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .conflict: .conflict
        case .csrf: .forbidden
        case .throttled: .tooManyRequests
        case .invalidFields: .badRequest
        case .methodNotAllowed: .methodNotAllowed
        }
    }

    var key: String {
        switch self {
        case .unauthenticated: "error_unauthenticated"
        case .forbidden: "error_forbidden"
        case .notFound: "error_not_found"
        case .badRequest(let key), .conflict(let key): key
        case .csrf: "error_csrf"
        case .throttled: "error_throttled"
        case .invalidFields: "error_invalid_fields"
        case .methodNotAllowed: "error_method_not_allowed"
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .forbidden: "forbidden"
        case .notFound: "not_found"
        case .badRequest: "bad_request"
        case .conflict: "conflict"
        case .csrf: "csrf"
        case .throttled: "throttled"
        case .invalidFields: "invalid_fields"
        case .methodNotAllowed: "method_not_allowed"
        }
    }

    /// The edge's view of any error: status, stable code and a string-table key (or a literal message).
    static func describe(_ error: any Error) -> (status: HTTPResponse.Status, code: String, key: String, issues: [ImportIssue]) {
        switch error {
        case let app as AppError:
            return (app.status, app.code, app.key, [])
        case let store as StoreError:
            switch store.code {
            case .notFound: return (.notFound, "not_found", "error_not_found", [])
            case .conflict: return (.conflict, "conflict", "error_conflict", [])
            case .invalid: return (.badRequest, "invalid", "error_invalid", [])
            case .forbidden: return (.forbidden, "forbidden", "error_forbidden", [])
            case .badConfiguration, .unavailable: return (.internalServerError, "internal", "error_internal", [])
            }
        case let failure as ImportFailure:
            return (.unprocessableContent, "import_refused", "import_refused", failure.issues)
        case let venue as VenueCodeError:
            return (.unprocessableContent, "venue_code_\(venue.rawValue)", "venue_code_\(venue.rawValue)", [])
        case let pass as PassError:
            return (.unprocessableContent, "pass_\(pass.code.rawValue)", "pass_\(pass.code.rawValue)", [])
        case is TracingFailure, is TracingError:
            return (.unprocessableContent, "tracing_refused", "tracing_refused", [])
        case let failure as ScreeningFailure:
            // One tube, batch or round named on its own (the path, or the one field) that does not exist is not found;
            // a row of an upload naming one is part of a refused file.
            let missing: Set<ScreeningIssue.Code> = [.unknownTube, .unknownBatch, .unknownRound]
            if failure.issues.count == 1, let issue = failure.issues.first, issue.row == nil, missing.contains(issue.code) {
                return (.notFound, "screening_not_found", "screening_refused", [])
            }
            return (.unprocessableContent, "screening_refused", "screening_refused", [])
        case is FieldErrors:
            return (.badRequest, "invalid_fields", "error_invalid_fields", [])
        case is FieldError, is FieldError.Code:
            // A value refused on its own, without the form around it: still the caller's input, never a 500.
            return (.badRequest, "invalid", "error_invalid", [])
        case let rule as QuarantineError:
            // A reading or a reason that is missing or impossible is bad input; the rest are the state refusing.
            let input: Set<QuarantineError.Code> = [.temperatureOutOfRange, .unknownSymptom, .emptyCheck, .reasonMissing]
            return (input.contains(rule.code) ? .unprocessableContent : .conflict, "quarantine_\(rule.code.rawValue)", "quarantine.\(rule.code.rawValue)", [])
        case let rule as AllocationError:
            return (.conflict, "allocation_\(rule.code.rawValue)", "allocation.\(rule.code.rawValue)", [])
        case let rule as RiskAreaError:
            return (.conflict, "risk_area_\(rule.code.rawValue)", "risk_area.\(rule.code.rawValue)", [])
        case let rule as DirectiveError:
            let input: Set<DirectiveError.Code> = [.noteMissing, .titleMissing, .deadlinePassed]
            let status: HTTPResponse.Status = input.contains(rule.code) ? .unprocessableContent : [.notReceiver, .notIssuer].contains(rule.code) ? .forbidden : .conflict
            return (status, "directive_\(rule.code.rawValue)", "directive.\(rule.code.rawValue)", [])
        case is ArrivalIdentityMismatch:
            return (.unprocessableContent, "arrival_identity_mismatch", "arrival.identity_mismatch", [])
        case let http as HTTPError:
            return (http.status, "http", http.status == .notFound ? "error_not_found" : "error_invalid", [])
        default:
            return (.internalServerError, "internal", "error_internal", [])
        }
    }
}
