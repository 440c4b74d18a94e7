import CordonDomain
import Testing

@Suite struct ArrivalPolicyTests {
    @Test func theNinthEditionMeasuresEveryArrivalByOrigin() {
        let policy = PolicyPreset.ninthEdition.arrivals
        #expect(policy.measure(originRisk: .high) == .quarantine(.highRiskVisitor))
        #expect(policy.measure(originRisk: .medium) == .quarantine(.mediumRiskVisitor))
        #expect(policy.measure(originRisk: .low) == .tests(days: [1, 3]))
        #expect(policy.measure(originRisk: nil) == .tests(days: [1, 2, 3]))
    }

    @Test func november2022HoldsOnlyHighRiskOrigins() {
        let policy = PolicyPreset.november2022.arrivals
        #expect(policy.measure(originRisk: .high) == .quarantine(.highRiskVisitor))
        #expect(policy.measure(originRisk: .medium) == nil && policy.measure(originRisk: nil) == nil)
        // Its quarantine for high-risk visitors is 7 days at home.
        #expect(PolicyPreset.november2022.quarantine.measures[.highRiskVisitor]?.map(\.kind) == [.home])
    }

    @Test func threeTestsInThreeDaysFallDueAtEachMidnightAndAMissedOneTurnsTheCodeYellow() {
        let arrived = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 22 * 3_600
        let tests = ArrivalPolicy.tests(arrivalID: 7, arrivedAt: arrived, days: [3, 1, 2])
        #expect(tests.map(\.day) == [1, 2, 3])
        #expect(tests[0].dueBy == CivilDate(year: 2022, month: 8, day: 11)!.startUnixTime())
        var facts = HealthFacts()
        facts.arrivalTests = tests
        let policy = PolicyPreset.ninthEdition.healthCode
        #expect(HealthCode.assess(facts, policy: policy, now: tests[0].dueBy - 1).colour == .green)
        let late = HealthCode.assess(facts, policy: policy, now: tests[0].dueBy)
        #expect(late.colour == .yellow && late.reasons.map(\.rule) == [.arrivalTestMissed])
    }
}
