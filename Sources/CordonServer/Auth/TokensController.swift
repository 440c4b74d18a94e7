import CordonDomain
import CordonStore
import Hummingbird

/// Personal API tokens: created and revoked by their owner; the secret is shown once.
struct TokensController {
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/tokens", use: page)
        pages.post("/tokens", use: createFromForm)
        pages.post("/tokens/{id}/revoke", use: revokeFromForm)
        api.get("/tokens", use: list)
        api.post("/tokens", use: create)
        api.delete("/tokens/{id}", use: revoke)
    }

    private func render(_ context: AppContext, secret: String?) async throws -> Response {
        let identity = try context.requireIdentity()
        let tokens = try await database.tokens(actor: identity.actor)
        return views.page("tokens", TokensPage(secret: secret, tokens: tokens.map {
            .init(id: $0.id, name: $0.name, hint: $0.hint, revoked: $0.revoked, created: Format.time($0.createdAt))
        }), context: context)
    }

    /// One's API tokens, and a new token's secret the one time it is shown.
    struct TokensPage: PageModel {
        let secret: String?
        let tokens: [Token]

        struct Token: PageModel {
            let id: Int64
            let name: String
            let hint: String
            let revoked: Bool
            let created: String
        }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        try await render(context, secret: nil)
    }

    @Sendable func createFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: NewToken.self, context: context)
        let created = try await database.createToken(name: body.name, actor: identity.actor)
        return try await render(context, secret: created.secret)
    }

    @Sendable func revokeFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await database.revokeToken(id: try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return Views.redirect("/tokens")
    }

    struct NewToken: Decodable { let name: String }
    struct Created: Encodable {
        let id: Int64
        let token: String
    }
    struct Listing: Encodable { let tokens: [APIToken] }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(Listing(tokens: try await database.tokens(actor: try context.requireIdentity().actor)))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: NewToken.self, context: context)
        let created = try await database.createToken(name: body.name, actor: identity.actor)
        return try JSON.response(Created(id: created.id, token: created.secret), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await database.revokeToken(id: try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return Response(status: .noContent)
    }
}
