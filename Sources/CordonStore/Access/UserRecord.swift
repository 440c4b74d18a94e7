import CordonDomain
import SQLKit

/// A stored account.
public struct UserRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let username: String
    public let displayName: String
    public let passwordHash: String
    public let role: Role
    public let areaID: Int64
    public let language: String
    public let disabled: Bool
    public let labID: Int64?

    static let columns = "u.id, u.username, u.display_name, u.password_hash, u.role, u.area_id, u.language, u.disabled_at, u.lab_id"

    static func decode(_ row: any SQLRow) throws -> UserRecord {
        let roleText = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleText) else { throw StoreError(.invalid, "unknown role \(roleText)") }
        return UserRecord(id: try row.decode(column: "id"), username: try row.decode(column: "username"),
                          displayName: try row.decode(column: "display_name"), passwordHash: try row.decode(column: "password_hash"),
                          role: role, areaID: try row.decode(column: "area_id"), language: try row.decode(column: "language"),
                          disabled: try row.decode(column: "disabled_at", as: Int64?.self) != nil,
                          labID: try row.decode(column: "lab_id", as: Int64?.self))
    }
}

/// An API token as its owner sees it: never the secret, only a hint of its last characters.
public struct APIToken: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    public let hint: String
    public let createdAt: Int64
    public let lastUsedAt: Int64?
    public let revoked: Bool
}
