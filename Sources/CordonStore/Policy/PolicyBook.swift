import CordonDomain
import Foundation

/// The policy schedule this process applies: the built-in presets, the city's versions and its decisions, read from
/// the database at start, after every decision this process takes, and each minute by `Housekeeping` (so a decision
/// taken on another server is seen within a minute; one that takes effect later is already known). Every rule in the
/// store and the server asks it, never a preset directly.
///
/// `@unchecked Sendable`: the only mutable state is `current`, and every read and write of it holds `lock`.
public final class PolicyBook: @unchecked Sendable {
    private let lock = NSLock()
    private var current: PolicySchedule

    public init(_ schedule: PolicySchedule = PolicySchedule()) {
        current = schedule
    }

    public var schedule: PolicySchedule { lock.withLock { current } }

    /// The preset in force at `time` for the city, or for a district when a decision covers only it.
    public func inForce(at time: Int64, district: Int64? = nil) -> PolicyPreset {
        schedule.inForce(at: time, district: district)
    }

    func replace(_ schedule: PolicySchedule) {
        lock.withLock { current = schedule }
    }
}
