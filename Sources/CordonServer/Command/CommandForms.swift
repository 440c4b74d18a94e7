import CordonDomain
import CordonStore

/// What the directive and supervision forms share: who an order may go to, where, and reading the role back.
enum CommandForms {
    /// Roles an order may name: every working role. Citizens, admins and auditors take no orders.
    static let assignableRoles = Role.holding(.receiveDirectives)

    static func roleOptions(_ views: Views, _ language: Language) -> [Choice] {
        assignableRoles.map { Choice(value: $0.rawValue, label: views.strings("role_\($0.rawValue)", language)) }
    }

    /// An area an order may go to, as a select offers it.
    struct AreaOption: PageModel {
        let id: Int64
        let name: String
    }

    /// The actor's own area and the areas just below it.
    static func areaOptions(_ actor: Actor, database: Database) async throws -> [AreaOption] {
        let children = try await database.children(of: actor.jurisdiction, actor: actor)
        return [AreaOption(id: actor.jurisdiction.id, name: actor.jurisdiction.name)] + children.map { AreaOption(id: $0.area.id, name: $0.area.name) }
    }

    /// A role typed into a form or body; empty means everyone working there.
    static func role(_ raw: String?) throws -> Role? {
        guard let raw = raw?.trimmingSpaces(), !raw.isEmpty else { return nil }
        guard let role = Role(rawValue: raw), assignableRoles.contains(role) else { throw FieldErrors(errors: [FieldError(field: "role", code: .unknownValue)]) }
        return role
    }
}
