import CordonDomain
import CordonStore
import Hummingbird

/// Accounts, managed by admins inside their jurisdiction.
struct UsersController {
    let deps: Dependencies
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/users", use: page)
        pages.post("/users", use: createFromForm)
        api.get("/users", use: list)
        api.post("/users", use: create)
    }

    struct NewUser: Decodable {
        let username: String
        let displayName: String?
        let password: String
        let role: String
        let areaCode: String
    }

    struct UserBody: Encodable {
        let id: Int64
        let username: String
        let displayName: String
        let role: String
        let areaId: Int64
        let disabled: Bool
    }

    private func create(_ new: NewUser, identity: Identity) async throws -> Int64 {
        guard identity.may(.manageUsers) else { throw AppError.forbidden }
        guard let role = Role(rawValue: new.role) else { throw AppError.badRequest(key: "request.unknown_role") }
        guard Passwords.acceptable(new.password) else { throw AppError.badRequest(key: "request.weak_password") }
        guard let area = try await deps.database.area(code: new.areaCode) else { throw AppError.badRequest(key: "request.unknown_area") }
        return try await deps.database.createUser(username: new.username, displayName: new.displayName.flatMap { $0.isEmpty ? nil : $0 } ?? new.username,
                                                  passwordHash: try await deps.passwords.hash(new.password), role: role,
                                                  areaID: area.id, actor: identity.actor, reason: "created by admin")
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await deps.database.users(actor: identity.actor)
        let s = views.strings
        let l = context.language
        return views.page("users", UsersPage(
            users: users.map { UsersPage.User(username: $0.username, name: $0.displayName, role: s("role_\($0.role.rawValue)", l), disabled: $0.disabled) },
            roles: Role.allCases.map { Choice(value: $0.rawValue, label: s("role_\($0.rawValue)", l)) }
        ), context: context)
    }

    /// The accounts in the admin's jurisdiction, and the form to create one.
    struct UsersPage: PageModel {
        let users: [User]
        let roles: [Choice]

        struct User: PageModel {
            let username: String
            let name: String
            let role: String
            let disabled: Bool
        }
    }

    @Sendable func createFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.manageUsers)
        _ = try await create(try await request.decode(as: NewUser.self, context: context), identity: identity)
        return Views.redirect("/users")
    }

    struct Listing: Encodable { let users: [UserBody] }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await deps.database.users(actor: identity.actor)
        return try JSON.response(Listing(users: users.map {
            UserBody(id: $0.id, username: $0.username, displayName: $0.displayName, role: $0.role.rawValue, areaId: $0.areaID, disabled: $0.disabled)
        }))
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: NewUser.self, context: context)
        let id = try await create(body, identity: identity)
        return try JSON.response(["id": id], status: .created)
    }
}
