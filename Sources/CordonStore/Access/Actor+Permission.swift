import CordonDomain

extension Actor {
    /// Whether this actor may do it: the operator at the command line may do anything, everyone else what their role's
    /// row of the permission table holds.
    public func may(_ permission: Permission) -> Bool { isOperator || role.may(permission) }

    /// Refuses with 403 unless the actor may do it. Every store method that reads or writes for a role asks this first.
    public func require(_ permission: Permission) throws {
        guard may(permission) else { throw StoreError(.forbidden, "this role may not \(permission.words)") }
    }

    /// As `require`, for work a person does under their own account (a citizen's own records, a door's passages), which
    /// the operator at the command line cannot do for them.
    @discardableResult
    public func requireUser(_ permission: Permission) throws -> Int64 {
        guard role.may(permission), let userID else { throw StoreError(.forbidden, "this role may not \(permission.words)") }
        return userID
    }
}

extension Permission {
    /// "take samples" for `take_samples`, for messages in logs and the CLI; people read the string tables.
    var words: String { rawValue.split(separator: "_").joined(separator: " ") }
}

extension Actor {
    /// A lab's operator works over the tubes sent to their lab rather than over an area.
    var isLabScoped: Bool { !isOperator && role.may(.receiveTubes) }
}
