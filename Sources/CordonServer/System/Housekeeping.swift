import CordonStore
import Logging
import ServiceLifecycle

/// What the clock does by itself: policy decisions begin, rooms free when central phases end, risk areas step down
/// after their days without a case, movement records older than the policy keeps them are deleted. Every server runs it; each step reads again inside its transaction, so two servers sweeping together do
/// the work once.
public struct Housekeeping: Service {
    let quarantine: Quarantine
    let areas: RiskAreas
    let policies: Policies
    let retention: Retention
    let interval: Duration
    let logger: Logger

    public init(registry: Registry, interval: Duration = .seconds(60), logger: Logger) {
        quarantine = Quarantine(registry: registry)
        areas = RiskAreas(registry: registry)
        policies = Policies(registry: registry)
        retention = Retention(registry: registry)
        self.interval = interval
        self.logger = logger
    }

    /// One sweep; returns the policy decisions that began, the room stays ended, the areas stepped down and the
    /// movement records deleted. The policy goes first: a decision that begins now decides how long the stays,
    /// designations and records last.
    @discardableResult
    public func sweep(now: Int64 = UnixTime.now()) async throws -> (decisions: Int, stays: Int, areas: Int, purged: Int) {
        (try await policies.applyDue(now: now), try await quarantine.advance(now: now), try await areas.advance(now: now),
         try await retention.purge(now: now).total)
    }

    /// Sweeps every `interval` until the server stops. A graceful stop is the end of the service's work, not a
    /// failure: the sleep's cancellation ends the loop, and a sweep cut short rolls back with its transaction.
    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let done = try await sweep()
                    if done.decisions + done.stays + done.areas + done.purged > 0 {
                        logger.info("""
                            housekeeping: \(done.decisions) decisions applied, \(done.stays) stays ended, \(done.areas) areas stepped down, \
                            \(done.purged) movement records deleted
                            """)
                    }
                } catch {
                    if !Task.isCancelled { logger.error("housekeeping failed: \(String(reflecting: error))") }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
