import CordonDomain
import CordonStore
import Hummingbird
import Synchronization

/// How many requests may be in progress at once, by class (counted at the connection by `AdmissionHandler`). Past its
/// limit a request is answered at once with 503 and Retry-After instead of queueing: a queue only turns overload into timeouts for everyone (Xi'an's code, twice). The
/// code a citizen shows and the check at a door have the higher limit, so other pages are shed first.
public struct AdmissionLimits: Sendable {
    public let essential: Int
    public let other: Int

    public init(essential: Int, other: Int) {
        self.essential = essential
        self.other = other
    }

    /// Enough to keep every core busy through the database's waits, few enough that what is admitted waits
    /// milliseconds, not seconds. A request counts while it waits for a thread too, and the code routes answer about
    /// 7,000 a second per core: 48 in progress per core is ~7 ms of queue, 24 for other pages half that.
    public static func forCores(_ cores: Int) -> AdmissionLimits {
        AdmissionLimits(essential: 48 * max(1, cores), other: 24 * max(1, cores))
    }
}

/// Counts requests in progress; one per process.
public final class AdmissionGate: Sendable {
    public let limits: AdmissionLimits
    private let inFlight = Atomic<Int>(0)
    private let shed = Atomic<Int>(0)

    public init(limits: AdmissionLimits) { self.limits = limits }

    /// Admits a request unless the count of those in progress has reached its class's limit.
    public func enter(essential: Bool) -> Bool {
        let limit = essential ? limits.essential : limits.other
        let now = inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue
        if now > limit {
            inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            shed.wrappingAdd(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// Admits a request whatever the count (one the connection must answer in turn).
    public func admit() { inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing) }

    public func leave() { inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing) }

    public var current: Int { inFlight.load(ordering: .relaxed) }
    public var shedTotal: Int { shed.load(ordering: .relaxed) }

    /// What a shed request is told, in both languages since nothing about the caller has been read.
    static let overloadedBody = #"{"error":{"code":"overloaded","message":"busy, retry in a second / 系统繁忙，请稍后重试"}}"#

    /// The routes a city cannot do without in a surge: showing one's code, checking it at a door, the keys to check it
    /// offline, checking in at a venue, liveness.
    public static func isEssential(_ path: String) -> Bool {
        path.hasPrefix("/api/v1/me/codes") || path == "/api/v1/passes/verify" || path == "/api/v1/trust-list" || path == "/code"
            || path == "/verify" || path == "/api/v1/checkins" || path == "/api/v1/checkpoints/passages" || path == "/healthz"
            || path.hasPrefix("/static/")
    }
}
