import CordonDomain
import Testing

@Suite struct QuarantineScheduleTests {
    let day: Int64 = 86_400
    let start = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 15 * 3_600

    @Test func aCloseContactUnderTheNinthEditionIsSevenCentralThenThreeMonitoredDays() throws {
        let s = try QuarantineSchedule(tier: .closeContact, start: start, policy: PolicyPreset.ninthEdition.quarantine)
        #expect(s.phases.map(\.kind) == [.central, .monitoring])
        #expect(s.phases[0].end == start + 7 * day && s.end == start + 10 * day)
        #expect(s.tests.map { "\($0.phase):\($0.day)" } == ["0:1", "0:2", "0:3", "0:5", "0:7", "1:3"])
        #expect(s.tests.last!.dueFrom == start + 9 * day)
        // The day a phase ends belongs to the next one, to the second.
        #expect(s.phase(at: start + 7 * day - 1)?.kind == .central)
        #expect(s.phase(at: start + 7 * day)?.kind == .monitoring)
        #expect(s.phase(at: s.end) == nil)
    }

    @Test func theNovember2022RulesAreFiveAndThreeWithoutSecondaryContacts() throws {
        let policy = PolicyPreset.november2022.quarantine
        let s = try QuarantineSchedule(tier: .closeContact, start: start, policy: policy)
        #expect(s.phases.map(\.kind) == [.central, .home] && s.end == start + 8 * day)
        #expect(s.tests.map(\.day) == [1, 2, 3, 5, 1, 3])
        #expect(throws: QuarantineError(.tierNotInPolicy)) { try QuarantineSchedule(tier: .secondaryContact, start: start, policy: policy) }
        #expect(throws: QuarantineError(.tierNotInPolicy)) { try QuarantineSchedule(tier: .mediumRiskVisitor, start: start, policy: policy) }
        #expect(try QuarantineSchedule(tier: .highRiskVisitor, start: start, policy: policy).phases.map(\.kind) == [.home])
    }

    @Test(arguments: PolicyPreset.all)
    func releaseNeedsTheEndAndANegativeSampleInsideEveryTestDay(preset: PolicyPreset) throws {
        let s = try QuarantineSchedule(tier: .closeContact, start: start, policy: preset.quarantine)
        let samples = s.tests.map { $0.dueFrom + 3_600 }
        #expect(throws: QuarantineError(.notYetDue)) { try s.checkRelease(negativeSamples: samples, at: s.end - 1) }
        try s.checkRelease(negativeSamples: samples, at: s.end)
        // A sample taken a second before its day does not count for it.
        var early = samples
        early[1] = s.tests[1].dueFrom - 1
        #expect(throws: QuarantineError(.testsOutstanding)) { try s.checkRelease(negativeSamples: early, at: s.end) }
        #expect(s.missedTests(negativeSamples: early, at: s.tests[1].dueBy - 1).isEmpty)
        #expect(s.missedTests(negativeSamples: early, at: s.tests[1].dueBy).map(\.day) == [2])
    }
}
