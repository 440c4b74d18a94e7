import CordonDomain

/// Quarantine and isolation: sites and rooms, each person's measure with the schedule the policy gave it, daily checks
/// and alerts, release, transfers and capacity. Sites are seen inside the actor's jurisdiction (by where the site
/// stands); a person's measure is seen by the staff of their site and by those of the area where they live.
public struct Quarantine: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    func policy(at now: Int64) -> PolicyPreset { database.policies.inForce(at: now) }

    /// A condition on `quarantine_assignments q` (with `residents r` and, optionally joined, the person's site `s` via
    /// their open or last stay) limiting it to what `actor` may see: people living in their jurisdiction, or staying
    /// at a site standing in it.
    static func scope(_ actor: Actor) -> (sql: String, binds: [SQLValue]) {
        let scope = actor.jurisdiction
        return ("""
            (\(scope.inside("r")) OR EXISTS (SELECT 1 FROM room_stays y JOIN quarantine_rooms m ON m.id = y.room_id
             JOIN quarantine_sites s ON s.id = m.site_id JOIN areas sa ON sa.id = s.area_id
             WHERE y.assignment_id = q.id AND \(scope.inside("sa"))))
            """, [.int(actor.jurisdiction.id), .int(actor.jurisdiction.id)])
    }
}
