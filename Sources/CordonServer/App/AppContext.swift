import CordonDomain
import CordonStore
import Hummingbird

/// Who is asking, once the identity middleware has looked at the cookie or the bearer token.
struct Identity: Sendable {
    let user: UserRecord
    let actor: Actor
    /// The session's CSRF token; nil for API tokens, which a browser never sends by itself.
    let csrf: String?
}

public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    var identity: Identity?
    var language: Language = .zh

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    /// Imports of a city's registry run to hundreds of megabytes.
    public var maxUploadSize: Int { 512 * 1024 * 1024 }

    /// The signed-in identity, or the error that sends the caller to log in.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw AppError.unauthenticated }
        return identity
    }
}
