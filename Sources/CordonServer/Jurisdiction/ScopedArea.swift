import CordonDomain
import CordonStore
import Hummingbird

extension Database {
    /// The area a list or coverage request is about: `?area=ID` inside the caller's jurisdiction, or the whole of it.
    func scopedArea(_ request: Request, _ identity: Identity) async throws -> Area {
        guard let id = try request.queryInteger("area") else { return identity.actor.jurisdiction }
        return try await visibleArea(id: id, actor: identity.actor)
    }
}
