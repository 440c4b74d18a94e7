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

    /// Forms and JSON bodies alike, into the same types.
    public var requestDecoder: BodyDecoder { BodyDecoder() }

    /// The signed-in identity, or the error that sends the caller to log in.
    func requireIdentity() throws -> Identity {
        guard let identity else { throw AppError.unauthenticated }
        return identity
    }
}

extension Identity {
    /// Whether the signed-in role may do it: the one permission table, asked by routes, links and buttons alike.
    func may(_ permission: Permission) -> Bool { user.role.may(permission) }
}

extension AppContext {
    /// The signed-in identity if its role may do it: 401 without one, 403 when the table says no.
    func requireIdentity(_ permission: Permission) throws -> Identity {
        let identity = try requireIdentity()
        guard identity.may(permission) else { throw AppError.forbidden }
        return identity
    }
}
