import CordonDomain
import CordonServer
import CordonStore
import Logging
import ServiceLifecycle
import Testing

/// The clock's sweep carries out a policy decision once its time comes, and only once.
@Suite struct HousekeepingTests {
    @Test func aDecisionBeginsOnTheSweepAfterItsTime() async throws {
        try await AppFixture.with { fixture, _ in
            let commander = try await fixture.deps.database.actor(for: try #require(try await fixture.deps.database.user(username: "commander")))
            let now = UnixTime.now()
            try await Policies(registry: fixture.deps.registry).decide(presetID: PolicyPreset.ninthEdition.id, from: now + 600, mode: .emergency,
                                                                     level: ResponseLevel(1), reschedule: false, reason: "明早启动", actor: commander, now: now)
            let housekeeping = Housekeeping(registry: fixture.deps.registry, logger: Logger(label: "test"))
            #expect(try await housekeeping.sweep(now: now).decisions == 0)
            #expect(try await housekeeping.sweep(now: now + 600).decisions == 1)
            #expect(try await housekeeping.sweep(now: now + 660).decisions == 0)
            let codes = try await fixture.deps.database.read {
                try await $0.select("SELECT DISTINCT policy_id FROM health_codes", binds: [], types: [.text])
            }
            #expect(codes.map { $0[0].text } == [PolicyPreset.ninthEdition.id])
        }
    }

    /// A graceful stop ends the clock's loop without an error, so the server exits 0 (it exited 1 on the sleep's
    /// cancellation before).
    @Test func aGracefulStopEndsTheSweepsWithoutAnError() async throws {
        try await AppFixture.with { fixture, _ in
            let housekeeping = Housekeeping(registry: fixture.deps.registry, interval: .seconds(3_600), logger: Logger(label: "test"))
            let group = ServiceGroup(configuration: .init(services: [housekeeping], logger: Logger(label: "test")))
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(200))
            await group.triggerGracefulShutdown()
            try await running.value
        }
    }
}
