import CordonDomain
import Synchronization

/// The policy schedule this process applies: the built-in presets, the city's versions and its decisions, read from
/// the database at start, after every decision this process takes, and each minute by `Housekeeping` (so a decision
/// taken on another server is seen within a minute; one that takes effect later is already known). Every rule in the
/// store and the server asks it, never a preset directly.
public final class PolicyBook: Sendable {
    private let current: Mutex<PolicySchedule>

    public init(_ schedule: PolicySchedule = PolicySchedule()) {
        current = Mutex(schedule)
    }

    public var schedule: PolicySchedule { current.withLock { $0 } }

    /// The preset in force at `time` for the city, or for a district when a decision covers only it.
    public func inForce(at time: Int64, district: Int64? = nil) -> PolicyPreset {
        schedule.inForce(at: time, district: district)
    }

    func replace(_ schedule: PolicySchedule) {
        current.withLock { $0 = schedule }
    }
}

extension Session {
    /// The preset that governs one person at `time`: their district's, when a decision covers only it. The person's
    /// district is read only when some decision needs it.
    func policy(at time: Int64, resident: Int64) async throws -> PolicyPreset {
        let schedule = policies.schedule
        guard schedule.hasDistrictDecisions else { return schedule.inForce(at: time) }
        let district = try await select("SELECT district_id FROM residents WHERE id = ?", binds: [.int(resident)], types: [.int]).first?[0].int
        return schedule.inForce(at: time, district: district)
    }
}
