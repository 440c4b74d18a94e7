import CordonDomain

/// Who is doing something: the signed-in user, or the system acting for an operator at the command line.
/// Every repository method that touches people takes one, so jurisdiction is enforced below the routes.
public struct Actor: Sendable, Hashable {
    public let userID: Int64?
    public let name: String
    public let role: Role
    /// The root of the subtree this actor may see.
    public let jurisdiction: Area

    /// The lab a lab operator works for; labs see only the tubes they received.
    public let labID: Int64?

    public init(userID: Int64?, name: String, role: Role, jurisdiction: Area, labID: Int64? = nil) {
        self.userID = userID
        self.name = name
        self.role = role
        self.jurisdiction = jurisdiction
        self.labID = labID
    }

    /// The operator at the command line, who holds the database itself and so has no narrower scope.
    public var isOperator: Bool { userID == nil }
}
