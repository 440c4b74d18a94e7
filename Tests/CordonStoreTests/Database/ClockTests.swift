import CordonDomain
import CordonStore
import Synchronization
import Testing

/// The store reads the time from the clock it was opened with, never the system's behind its back: what it writes is
/// stamped with that time, and what expires, expires by it.
@Suite struct ClockTests {
    /// A clock a test moves by hand.
    final class HandClock: Sendable {
        let time: Mutex<Int64>
        init(_ start: Int64) { time = Mutex(start) }
        var clock: Clock { Clock { self.time.withLock { $0 } } }
        func advance(_ seconds: Int64) { time.withLock { $0 += seconds } }
    }

    @Test(arguments: Backends.all) func writesAndExpiriesFollowTheDatabasesClock(backend: String) async throws {
        let start: Int64 = 1_668_061_800
        let hand = HandClock(start)
        try await StoreFixture.with(backend, clock: hand.clock) { f in
            let actor = try await f.actor(.gridWorker, at: "M1")
            let stamped = try await f.database.read { session in
                try await session.select("SELECT at FROM journal ORDER BY id DESC LIMIT 1", binds: [], types: [.int])
            }
            #expect(stamped.first?[0].int == start)
            try await f.database.createSession(tokenHash: Secrets.hash("secret"), userID: actor.userID!, csrfToken: "c", lifetime: 60)
            #expect(try await f.database.signedIn(token: "secret", apiTokens: false) != nil)
            hand.advance(61)
            #expect(try await f.database.signedIn(token: "secret", apiTokens: false) == nil)
        }
    }
}
