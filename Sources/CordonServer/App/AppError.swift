import CordonDomain
import CordonStore
import Hummingbird

/// Refusals raised at the edge itself: sign-in, CSRF, throttling, methods, bodies that do not decode.
enum AppError: Error {
    case unauthenticated
    case forbidden
    case notFound
    case badRequest(key: String)
    /// The request is well formed but the state forbids it (e.g. printing a paper pass for a yellow code).
    case conflict(key: String)
    case csrf
    case throttled(retryAfter: Int)
    /// A form or body whose fields failed validation, each named with its reason.
    case invalidFields([Issue])
    /// The path exists, but not for this method; `allow` lists those it has.
    case methodNotAllowed(allow: [String])
}

extension AppError: Refusal {
    var status: RefusalStatus {
        switch self {
        case .unauthenticated: .unauthenticated
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .badRequest, .invalidFields: .badRequest
        case .conflict: .conflict
        case .throttled: .tooManyRequests
        case .methodNotAllowed: .methodNotAllowed
        }
    }

    var key: String {
        switch self {
        case .unauthenticated: "request.unauthenticated"
        case .forbidden: "request.forbidden"
        case .notFound: "request.not_found"
        case .badRequest(let key), .conflict(let key): key
        case .csrf: "request.csrf"
        case .throttled: "request.throttled"
        case .invalidFields: "request.invalid_fields"
        case .methodNotAllowed: "request.method_not_allowed"
        }
    }

    var faults: [Issue] {
        if case .invalidFields(let issues) = self { return issues }
        return []
    }
}

/// The edge's view of any error: a `Refusal` as it says, Hummingbird's own HTTP errors by their status, and anything
/// else as ours (500).
struct RefusalAnswer {
    let status: HTTPResponse.Status
    let key: String
    let faults: [Issue]

    init(_ error: any Error) {
        switch error {
        case let refusal as any Refusal:
            (status, key, faults) = (HTTPResponse.Status(code: refusal.status.rawValue), refusal.key, refusal.faults)
        case let http as HTTPError:
            (status, key, faults) = (http.status, http.status == .notFound ? "request.not_found" : "request.invalid", [])
        default:
            (status, key, faults) = (.internalServerError, "request.internal", [])
        }
    }
}
