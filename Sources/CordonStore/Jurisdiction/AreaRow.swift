import CordonDomain
import SQLKit

/// Column list and decoding shared by every area query.
enum AreaRow {
    static let ancestorColumns = AreaLevel.allCases.map { "\($0.rawValue)_id" }
    static let columns = (["id", "code", "name", "level", "parent_id"] + ancestorColumns).joined(separator: ", ")

    static func decode(_ row: any SQLRow) throws -> Area {
        var path = AreaPath()
        for level in AreaLevel.allCases {
            path[level] = try row.decode(column: "\(level.rawValue)_id", as: Int64?.self)
        }
        let levelText = try row.decode(column: "level", as: String.self)
        guard let level = AreaLevel(rawValue: levelText) else { throw StoreError(.invalid, "unknown area level \(levelText)") }
        return Area(id: try row.decode(column: "id"), code: try row.decode(column: "code"), name: try row.decode(column: "name"),
                    level: level, parentID: try row.decode(column: "parent_id", as: Int64?.self), ancestors: path)
    }
}
