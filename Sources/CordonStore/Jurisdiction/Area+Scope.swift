import CordonDomain

extension Area {
    /// The ancestor column that holds this area's id in every row of its subtree, on a table with ancestor columns
    /// (areas, residents) under `alias`: `r.district_id`. The one spelling of jurisdiction in SQL.
    func column(_ alias: String? = nil) -> String {
        (alias.map { "\($0)." } ?? "") + "\(level.rawValue)_id"
    }

    /// `r.district_id = ?`: the row lies in this area's subtree; bind the area's `id` at the placeholder.
    func inside(_ alias: String? = nil) -> String { column(alias) + " = ?" }
}
