import CordonDomain
import Testing

@Suite struct ExposureWindowTests {
    let minute: Int64 = 60

    @Test(arguments: PolicyPreset.all)
    func theWindowStartsAtMidnightFourDaysBeforeOnset(preset: PolicyPreset) {
        let onset = CivilDate(year: 2022, month: 11, day: 10)!
        let isolated = CivilDate(year: 2022, month: 11, day: 12)!.startUnixTime() + 9 * 3_600
        let w = ExposureWindow.forCase(onset: onset, sampledAt: isolated - 3_600, isolatedAt: isolated, now: isolated + 86_400,
                                       policy: preset.tracing)
        #expect(w.start == CivilDate(year: 2022, month: 11, day: 6)!.startUnixTime())
        #expect(w.end == isolated)
        // A visit ending the minute before the window does not count; one ending on its first second does.
        #expect(!Presence(start: w.start - 60 * minute, end: w.start - 1).overlaps(w))
        #expect(Presence(start: w.start - 60 * minute, end: w.start).overlaps(w))
        #expect(!Presence(start: isolated + 1, end: isolated + 60 * minute).overlaps(w))
    }

    @Test func anAsymptomaticCaseCountsFromTheDayOfSampling() {
        let sampled = CivilDate(year: 2022, month: 7, day: 1)!.startUnixTime() + 15 * 3_600
        let w = ExposureWindow.forCase(onset: nil, sampledAt: sampled, isolatedAt: nil, now: sampled + 7_200, policy: PolicyPreset.ninthEdition.tracing)
        #expect(w.start == CivilDate(year: 2022, month: 6, day: 27)!.startUnixTime())
        #expect(w.end == sampled + 7_200)
    }

    @Test func coPresenceCountsTheMarginToTheSecond() {
        let margin: Int64 = 30 * minute
        let caseVisit = Presence(start: 1_000_000, end: 1_000_000 + 60 * minute)
        #expect(caseVisit.meets(Presence(start: caseVisit.end + margin, end: caseVisit.end + margin + 600), margin: margin))
        #expect(!caseVisit.meets(Presence(start: caseVisit.end + margin + 1, end: caseVisit.end + margin + 600), margin: margin))
        #expect(caseVisit.meets(Presence(start: caseVisit.start - 600 - margin, end: caseVisit.start - margin), margin: margin))
        #expect(!caseVisit.meets(Presence(start: caseVisit.start - 600 - margin, end: caseVisit.start - margin - 1), margin: margin))
        #expect(caseVisit.meets(Presence(start: caseVisit.start + 60, end: caseVisit.start + 120), margin: 0))
    }

    @Test func registrationProblemsNameTheirField() {
        let now: Int64 = 1_700_000_000
        let report = now - 3_600
        var c = NewCase(residentID: 1, classification: .confirmed, severity: .mild, onset: CivilDate(unixTime: report).adding(days: 1),
                        sampledAt: report + 60, reportedAt: report, foundBy: .screening, treatedAt: "", isolatedAt: nil)
        #expect(Set(c.problems(now: now).map(\.code)) == [.onsetAfterReport, .sampledAfterReport])
        c.onset = CivilDate(unixTime: report)
        c.sampledAt = report - 60
        #expect(c.problems(now: now).isEmpty)
        c.classification = .asymptomatic
        #expect(c.problems(now: now).map(\.field) == ["onset_date"])
        c.onset = nil
        c.reportedAt = now + 1
        #expect(c.problems(now: now).map(\.code) == [.inFuture])
    }
}
