/// A body or form that only gives why: lifting, removing, withdrawing. The store refuses an empty reason where the
/// rules want one.
struct ReasonBody: Decodable, Sendable {
    let reason: String
}
