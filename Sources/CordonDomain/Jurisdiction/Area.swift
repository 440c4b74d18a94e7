/// One node of the jurisdiction tree.
public struct Area: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64
    public var code: String
    public var name: String
    public var level: AreaLevel
    public var parentID: Int64?
    /// The node's own id and those of its ancestors, by level; nil where the branch skips a level.
    public var ancestors: AreaPath

    public init(id: Int64, code: String, name: String, level: AreaLevel, parentID: Int64?, ancestors: AreaPath) {
        self.id = id
        self.code = code
        self.name = name
        self.level = level
        self.parentID = parentID
        self.ancestors = ancestors
    }

    /// Whether `other` lies in this node's subtree (a node contains itself).
    public func contains(_ other: Area) -> Bool { other.ancestors[level] == id }

    private static let codeBytes = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    /// Area codes are short tokens so they survive CSV files and URLs untouched.
    public static func validateCode(_ raw: String) throws(FieldError.Code) -> String {
        let code = raw.trimmingSpaces()
        guard !code.isEmpty else { throw .missing }
        guard code.utf8.allSatisfy({ Area.codeBytes.contains($0) }) else { throw .format }
        guard code.utf8.count <= 40 else { throw .tooLong }
        return code
    }
}

/// The ids of a node's ancestors by level, itself included.
public struct AreaPath: Hashable, Sendable, Codable {
    public private(set) var ids: [AreaLevel: Int64]

    public init(_ ids: [AreaLevel: Int64] = [:]) { self.ids = ids }

    public subscript(level: AreaLevel) -> Int64? {
        get { ids[level] }
        set { ids[level] = newValue }
    }

    /// The path of a child node: the parent's ancestors plus the child itself.
    public func extended(level: AreaLevel, id: Int64) -> AreaPath {
        var copy = self
        copy.ids[level] = id
        return copy
    }
}
