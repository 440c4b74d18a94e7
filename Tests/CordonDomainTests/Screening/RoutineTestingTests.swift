import CordonDomain
import Testing

@Suite struct RoutineTestingTests {
    let hour: Int64 = 3_600
    let sampled: Int64 = 1_700_000_000

    @Test(arguments: PolicyPreset.all)
    func highRiskPostsTestDailyUnderBothPresets(preset: PolicyPreset) {
        let policy = preset.screening.routine
        func state(after hours: Int64) -> RoutineState {
            RoutineState(group: .highRiskPost, areaRisk: nil, lastSampledAt: sampled, now: sampled + hours * hour, policy: policy)
        }
        #expect(state(after: 0).status == .current)
        #expect(state(after: 11).status == .current)
        // Reminded for the last twelve hours, overdue the very second the 24 hours run out.
        #expect(state(after: 12).status == .due)
        #expect(RoutineState(group: .highRiskPost, areaRisk: nil, lastSampledAt: sampled, now: sampled + 24 * hour - 1, policy: policy).status == .due)
        #expect(state(after: 24).status == .overdue)
        #expect(state(after: 24).dueAt == sampled + 24 * hour)
        #expect(state(after: 24).requirement == .group(.highRiskPost))
    }

    @Test func publicFacingWorkersTestEveryThreeDaysOnlyUnderTheNinthEdition() {
        let ninth = RoutineState(group: .publicFacing, areaRisk: nil, lastSampledAt: sampled, now: sampled + 60 * hour,
                                 policy: PolicyPreset.ninthEdition.screening.routine)
        #expect(ninth.status == .due)
        #expect(ninth.intervalHours == 72)
        let november = RoutineState(group: .publicFacing, areaRisk: nil, lastSampledAt: sampled, now: sampled + 600 * hour,
                                     policy: PolicyPreset.november2022.screening.routine)
        #expect(november.status == .notRequired)
    }

    @Test func theShortestIntervalAmongTheRulesWins() {
        let policy = PolicyPreset.ninthEdition.screening.routine
        let state = RoutineState(group: .publicFacing, areaRisk: .high, lastSampledAt: sampled, now: sampled + 30 * hour, policy: policy)
        #expect(state.requirement == .areaRisk(.high))
        #expect(state.intervalHours == 24)
        #expect(state.status == .overdue)
        // The medium tier exists in the 9th edition only.
        #expect(RoutineState(group: nil, areaRisk: .medium, lastSampledAt: sampled, now: sampled, policy: policy).intervalHours == 48)
        #expect(RoutineState(group: nil, areaRisk: .medium, lastSampledAt: sampled, now: sampled,
                             policy: PolicyPreset.november2022.screening.routine).status == .notRequired)
        #expect(RoutineState(group: nil, areaRisk: .low, lastSampledAt: nil, now: sampled, policy: policy).status == .notRequired)
    }

    @Test func someoneRequiredWhoWasNeverSampledIsOverdue() {
        let state = RoutineState(group: .medical, areaRisk: nil, lastSampledAt: nil, now: sampled, policy: PolicyPreset.november2022.screening.routine)
        #expect(state.status == .overdue)
        #expect(state.dueAt == nil)
    }

    @Test(arguments: PolicyPreset.all)
    func aNegativeCountsFromSamplingForTheValidityWindow(preset: PolicyPreset) {
        let policy = preset.screening
        let routine = RoutineState(group: nil, areaRisk: nil, lastSampledAt: sampled, now: sampled, policy: policy.routine)
        let facts = TestingFacts(lastSampledAt: sampled, lastResult: .negative, lastNegativeSampledAt: sampled, openOrders: [],
                                 routine: routine, policy: policy)
        let window = Int64(policy.validityHours) * hour
        #expect(facts.negativeValidUntil == sampled + window)
        #expect(facts.hasValidNegative(at: sampled))
        #expect(facts.hasValidNegative(at: sampled + window - 1))
        #expect(!facts.hasValidNegative(at: sampled + window))
        let none = TestingFacts(lastSampledAt: sampled, lastResult: nil, lastNegativeSampledAt: nil, openOrders: [.temporaryControl, .retest],
                                routine: routine, policy: policy)
        #expect(!none.hasValidNegative(at: sampled))
        #expect(none.underTemporaryControl)
    }

    @Test(arguments: PolicyPreset.all)
    func poolingDefaultsComeFromTheSiteTheRoundAndTheArea(preset: PolicyPreset) {
        let policy = preset.screening
        #expect(policy.pooling(site: .community, round: nil) == Pooling(size: 10))
        #expect(policy.pooling(site: .quarantineSite, round: Pooling(size: 20)) == Pooling(size: 1))
        #expect(policy.pooling(site: .feverClinic, round: nil) == Pooling(size: 1))
        #expect(policy.pooling(site: .community, round: Pooling(size: 5)) == Pooling(size: 5))
        #expect(policy.pooling(site: .mobile, round: nil, sealedArea: true) == Pooling(size: 20, byHousehold: true))
        #expect(SiteKind.feverClinic.purpose == .feverClinic)
        #expect(SiteKind.hospital.purpose == .patients)
        #expect(SiteKind.quarantineSite.purpose == .screening)
    }

    @Test func aHouseholdTubeTakesOneHouseholdAndARetestTakesASingleTube() throws {
        var tube = TubeRules(capacity: 20, byHousehold: true)
        try tube.add(1, household: 100)
        try tube.add(2, household: 100)
        #expect(throws: TubeRefusal.otherHousehold) { try tube.add(3, household: 101) }
        #expect(tube.members == [1, 2])
        var pooled = TubeRules(capacity: 10)
        #expect(throws: TubeRefusal.needsSingleTube) { try pooled.add(4, awaitingRetest: true) }
        var single = TubeRules(capacity: 1)
        try single.add(4, awaitingRetest: true)
        #expect(single.closesNow)
        // A round may pool a work group (say medical staff) in smaller tubes than everyone else.
        #expect(throws: TubeRefusal.groupPool) { try pooled.add(5, groupPool: 5) }
        var five = TubeRules(capacity: 5)
        try five.add(5, groupPool: 5)
    }

    @Test func workGroupsParseFromTheirCSVSpelling() throws {
        #expect(try WorkGroup.parse(" medical ") == .medical)
        #expect(try WorkGroup.parse("") == nil)
        #expect(throws: FieldError.Code.unknownValue) { try WorkGroup.parse("astronaut") }
    }
}

@Suite struct DailyHoursTests {
    @Test func hoursParseAndOpenInChinaStandardTime() throws {
        let hours = try DailyHours(opens: "07:00", closes: "22:00")
        #expect(hours.text == "07:00–22:00")
        // 2026-11-24 23:00 UTC is 07:00 on the 25th in Lanzhou: the first minute open.
        let sevenAM: Int64 = 1_795_561_200
        #expect(hours.isOpen(at: sevenAM))
        #expect(!hours.isOpen(at: sevenAM - 60))
        #expect(!hours.isOpen(at: sevenAM + 15 * 3_600))
        #expect(hours.isOpen(at: sevenAM + 15 * 3_600 - 60))
        #expect(try DailyHours(opens: "0:00", closes: "24:00") == DailyHours.allDay)
        #expect(throws: FieldError.Code.format) { try DailyHours(opens: "7", closes: "22:00") }
        #expect(throws: FieldError.Code.unknownValue) { try DailyHours(opens: "22:00", closes: "07:00") }
    }
}

@Suite struct QueueEstimateTests {
    @Test func theWaitGrowsWithUtilisationAndStopsAtTheCap() throws {
        // 2 desks, 1,680 a day over 14 hours: each desk swabs one person a minute.
        let hours = try DailyHours(opens: "07:00", closes: "21:00")
        func wait(_ recent: Int) -> Int { QueueEstimate.minutes(recentSwabs: recent, windowMinutes: 30, desks: 2, dailyCapacity: 1_680, hours: hours) }
        #expect(wait(0) == 0)
        #expect(wait(30) == 1)   // ρ = 0.5: one minute
        #expect(wait(54) == 9)   // ρ = 0.9: nine minutes
        #expect(wait(60) == 120) // saturated: the cap
        #expect(wait(10) < wait(30))
    }
}
