import CordonDomain
import Testing

@Suite struct LedgerTests {
    let confirmed: Int64 = 1_700_000_000
    let hour: Int64 = 3_600

    @Test(arguments: PolicyPreset.all)
    func stagesFollowInOrderAndTheClockRunsFromConfirmation(preset: PolicyPreset) throws {
        let policy = preset.tracing
        var clock = LedgerClock(confirmedAt: confirmed, stamps: [:])
        #expect(clock.next == .notified)
        #expect(throws: TracingError(.stageOutOfOrder, field: "stage")) { try clock.recording(.traced, at: confirmed + 60, now: confirmed + 60) }
        #expect(throws: TracingError(.stageBeforeConfirmation, field: "at")) { try clock.recording(.notified, at: confirmed - 1, now: confirmed) }
        #expect(throws: TracingError(.inFuture, field: "at")) { try clock.recording(.notified, at: confirmed + 61, now: confirmed + 60) }
        // Two hours to notify: on the deadline is in time, a second after is overdue.
        let due = clock.due(.notified, policy: policy)!
        #expect(due == confirmed + 2 * hour)
        #expect(!clock.isOverdue(at: due, policy: policy))
        #expect(clock.isOverdue(at: due + 1, policy: policy))
        clock = try clock.recording(.notified, at: due + 1, now: due + 1)
        #expect(clock.overdue(at: due + 1, policy: policy) == [.notified])
        #expect(clock.next == .traced)
        clock = try clock.recording(.traced, at: due + 2, now: due + 2)
        clock = try clock.recording(.tested, at: due + 3, now: due + 3)
        clock = try clock.recording(.controlled, at: due + 4, now: due + 4)
        #expect(clock.next == nil)
        #expect(!clock.isOverdue(at: confirmed + 1_000 * hour, policy: policy))
        #expect(throws: TracingError(.stageOutOfOrder, field: "stage")) { try clock.recording(.controlled, at: due + 5, now: due + 5) }
    }

    @Test func aStageCannotPrecedeTheOneBefore() throws {
        let clock = try LedgerClock(confirmedAt: confirmed, stamps: [:]).recording(.notified, at: confirmed + hour, now: confirmed + hour)
        #expect(throws: TracingError(.stageBeforeConfirmation, field: "at")) {
            try clock.recording(.traced, at: confirmed + hour - 1, now: confirmed + 2 * hour)
        }
    }
}
