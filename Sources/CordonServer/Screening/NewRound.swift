import CordonDomain
import CordonStore

/// A round to open: its areas with their pooling, and the work groups pooled apart. A program sends arrays of objects;
/// a person types one entry per line: `620102`, `620102:5` or `620102:household`, and `medical:1`.
struct NewRound: Decodable {
    let name: String
    let hours: Int
    let areas: Listed<AreaPool>
    let groups: Listed<GroupPool>?

    func open(in screening: Screening, actor: Actor) async throws -> Int64 {
        var pools: [WorkGroup: Int] = [:]
        for g in groups?.items ?? [] {
            guard let group = WorkGroup(rawValue: g.workGroup) else { throw AppError.badRequest(key: "request.work_group") }
            pools[group] = g.pool
        }
        return try await screening.openRound(name: name, areas: areas.items.map { .init(code: $0.code, pool: $0.pool, byHousehold: $0.byHousehold ?? false) },
                                             groups: pools, hours: hours, actor: actor)
    }

    struct AreaPool: ListItem {
        let code: String
        let pool: Int?
        let byHousehold: Bool?

        static func read(_ item: Substring) throws -> AreaPool {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2, !parts[0].isEmpty else { throw AppError.badRequest(key: "request.round_areas") }
            let code = String(parts[0])
            switch parts.count == 2 ? String(parts[1]) : nil {
            case nil: return AreaPool(code: code, pool: nil, byHousehold: nil)
            case "household": return AreaPool(code: code, pool: nil, byHousehold: true)
            case let text?:
                guard let pool = Int(text) else { throw AppError.badRequest(key: "request.round_areas") }
                return AreaPool(code: code, pool: pool, byHousehold: nil)
            }
        }
    }

    struct GroupPool: ListItem {
        let workGroup: String
        let pool: Int

        static func read(_ item: Substring) throws -> GroupPool {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let pool = Int(parts[1]) else { throw AppError.badRequest(key: "request.round_groups") }
            return GroupPool(workGroup: String(parts[0]), pool: pool)
        }
    }
}
