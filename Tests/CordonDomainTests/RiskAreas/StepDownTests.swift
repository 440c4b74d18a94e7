import CordonDomain
import Testing

@Suite struct StepDownTests {
    let designated = CivilDate(year: 2022, month: 8, day: 1)!.startUnixTime() + 10 * 3_600

    @Test func underTheNinthEditionHighStepsToMediumAfterSevenCaseFreeDaysThenToLowAfterThreeMore() throws {
        let policy = PolicyPreset.ninthEdition.riskAreas
        #expect(policy.levels == [.high, .medium, .low] && policy.unit == .compound)
        let high = RiskDesignation(level: .high, since: designated, steppedDown: false)
        // The last case on 3 August: 4 to 10 August are the seven days, so the step falls at midnight on the 11th.
        let lastCase = CivilDate(year: 2022, month: 8, day: 3)!.startUnixTime() + 20 * 3_600
        let due = CivilDate(year: 2022, month: 8, day: 11)!.startUnixTime()
        #expect(high.nextStep(lastCaseAt: lastCase, policy: policy)?.at == due)
        #expect(throws: RiskAreaError(.notYetDue)) { try high.stepDown(at: due - 1, lastCaseAt: lastCase, openCases: 0, policy: policy) }
        #expect(throws: RiskAreaError(.caseOpen)) { try high.stepDown(at: due, lastCaseAt: lastCase, openCases: 1, policy: policy) }
        let medium = try #require(try high.stepDown(at: due, lastCaseAt: lastCase, openCases: 0, policy: policy))
        #expect(medium.level == .medium && medium.steppedDown && medium.since == due)
        #expect(medium.nextStep(lastCaseAt: lastCase, policy: policy)?.at == CivilDate(year: 2022, month: 8, day: 15)!.startUnixTime())
        #expect(medium.nextStep(lastCaseAt: lastCase, policy: policy)?.to == .low)
        // A medium area designated as such waits the full seven days.
        let designatedMedium = RiskDesignation(level: .medium, since: designated, steppedDown: false)
        #expect(designatedMedium.nextStep(lastCaseAt: nil, policy: policy)?.at == CivilDate(year: 2022, month: 8, day: 9)!.startUnixTime())
        #expect(RiskDesignation(level: .low, since: designated, steppedDown: true).nextStep(lastCaseAt: nil, policy: policy) == nil)
    }

    @Test func underNovember2022HighStepsToLowAfterFiveDays() throws {
        let policy = PolicyPreset.november2022.riskAreas
        #expect(policy.levels == [.high, .low] && policy.unit == .building)
        let high = RiskDesignation(level: .high, since: designated, steppedDown: false)
        let due = CivilDate(year: 2022, month: 8, day: 7)!.startUnixTime()
        #expect(high.nextStep(lastCaseAt: nil, policy: policy).map { [$0.at] } == [due])
        #expect(try high.stepDown(at: due, lastCaseAt: nil, openCases: 0, policy: policy)?.level == .low)
    }
}

@Suite struct DesignationRulesTests {
    @Test func designationsAreDrawnFromACommunityDownToThePolicysUnit() throws {
        let ninth = PolicyPreset.ninthEdition.riskAreas
        try ninth.checkDesignation(.medium, at: .community)
        try ninth.checkDesignation(.high, at: .compound)
        #expect(throws: RiskAreaError(.areaLevelNotAllowed)) { try ninth.checkDesignation(.high, at: .building) }
        #expect(throws: RiskAreaError(.areaLevelNotAllowed)) { try ninth.checkDesignation(.high, at: .street) }
        let november = PolicyPreset.november2022.riskAreas
        try november.checkDesignation(.high, at: .building)
        #expect(throws: RiskAreaError(.levelNotInPolicy)) { try november.checkDesignation(.medium, at: .building) }
        #expect(throws: RiskAreaError(.areaLevelNotAllowed)) { try november.checkDesignation(.high, at: .unit) }
        #expect(ninth.visitorLookbackDays == 14 && november.visitorLookbackDays == 14)
    }
}
