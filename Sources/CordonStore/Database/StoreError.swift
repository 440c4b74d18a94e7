import CordonDomain

/// A storage failure with a stable code; the server maps codes to HTTP statuses, the CLI to messages.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        case notFound = "not_found"
        case conflict
        case invalid
        case forbidden
        case badConfiguration = "bad_configuration"
        /// The database failed or refused for a reason of its own.
        case unavailable
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension StoreError: Refusal {
    public var status: RefusalStatus {
        switch code {
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalid: .badRequest
        case .forbidden: .forbidden
        case .badConfiguration, .unavailable: .internalError
        }
    }

    public var key: String {
        switch code {
        case .notFound, .conflict, .invalid, .forbidden: "request.\(code.rawValue)"
        case .badConfiguration, .unavailable: "request.internal"
        }
    }
}
