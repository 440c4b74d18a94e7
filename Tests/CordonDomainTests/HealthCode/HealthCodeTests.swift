import CordonDomain
import Testing

@Suite struct HealthCodeTests {
    let hour: Int64 = 3_600
    let now: Int64 = 1_700_000_000

    func assess(_ facts: HealthFacts, _ preset: PolicyPreset, at moment: Int64? = nil) -> CodeAssessment {
        HealthCode.assess(facts, policy: preset.healthCode, now: moment ?? now)
    }

    func testing(lastSampled: Int64?, negative: Int64? = nil, orders: [ReflexAction] = [], group: WorkGroup? = nil,
                 preset: PolicyPreset = .ninthEdition, at moment: Int64? = nil) -> TestingFacts {
        let policy = preset.screening
        return TestingFacts(lastSampledAt: lastSampled, lastResult: negative == nil ? nil : .negative, lastNegativeSampledAt: negative,
                            openOrders: orders, workGroup: group,
                            routine: RoutineState(group: group, areaRisk: nil, lastSampledAt: lastSampled, now: moment ?? now, policy: policy.routine),
                            policy: policy)
    }

    @Test(arguments: PolicyPreset.all)
    func nobodyWithoutFactsIsGreenWithNoReasons(preset: PolicyPreset) {
        let code = assess(HealthFacts(), preset)
        #expect(code.colour == .green)
        #expect(code.reasons.isEmpty)
        #expect(code.changesAt == nil)
    }

    @Test(arguments: PolicyPreset.all, CaseClassification.allCases)
    func anOpenCaseIsRedUntilItIsClosed(preset: PolicyPreset, classification: CaseClassification) {
        var facts = HealthFacts()
        facts.cases = [CaseFact(caseID: 7, classification: classification, since: now - 10 * hour, closedAt: now + hour)]
        let open = assess(facts, preset)
        #expect(open.colour == .red)
        #expect(open.reasons.first?.source == FactSource(kind: .caseRecord, id: 7))
        #expect(open.reasons.first?.clearance == .followTreatment)
        #expect(open.changesAt == now + hour)
        #expect(assess(facts, preset, at: now + hour).colour == .green)
    }

    @Test func secondaryContactsAreYellowOnlyUnderTheNinthEdition() {
        var facts = HealthFacts()
        facts.contacts = [ContactFact(contactID: 3, tier: .secondary, since: now - hour)]
        #expect(assess(facts, .ninthEdition).colour == .yellow)
        #expect(assess(facts, .ninthEdition).reasons.map(\.rule) == [.secondaryContact])
        #expect(assess(facts, .november2022).colour == .green)
        facts.contacts = [ContactFact(contactID: 4, tier: .close, since: now - hour)]
        #expect(assess(facts, .november2022).colour == .red)
        #expect(assess(facts, .november2022).reasons.first?.clearance == .contactTracers)
    }

    @Test(arguments: PolicyPreset.all)
    func aQuarantineSpeaksForTheContactAndEndsOnItsReleaseMoment(preset: PolicyPreset) {
        // A close contact placed in central quarantine for 7 days, released at local midnight of day 8.
        let release = now + 7 * 24 * hour
        var facts = HealthFacts()
        facts.contacts = [ContactFact(contactID: 1, tier: .close, since: now - hour)]
        facts.quarantines = [QuarantineFact(assignmentID: 9, kind: .central, since: now, until: release)]
        let held = assess(facts, preset)
        #expect(held.colour == .red)
        #expect(held.reasons.map(\.rule) == [.centralQuarantine])
        #expect(held.reasons.first?.until == release)
        #expect(held.changesAt == release)
        #expect(assess(facts, preset, at: release - 1).colour == .red)
        // The day it ends, the contact's own reason does not come back: the contact fact ends with the measure.
        facts.contacts = [ContactFact(contactID: 1, tier: .close, since: now - hour, until: release)]
        #expect(assess(facts, preset, at: release).colour == .green)
        // Before the measure starts the contact's own rule speaks.
        #expect(assess(facts, preset, at: now - 1).reasons.map(\.rule) == [.closeContact])
    }

    @Test(arguments: PolicyPreset.all)
    func homeMonitoringIsYellowAndHomeQuarantineRed(preset: PolicyPreset) {
        var facts = HealthFacts()
        facts.quarantines = [QuarantineFact(assignmentID: 1, kind: .monitoring, since: now - hour, until: now + 3 * 24 * hour)]
        #expect(assess(facts, preset).colour == .yellow)
        facts.quarantines.append(QuarantineFact(assignmentID: 2, kind: .home, since: now - hour, until: now + hour))
        #expect(assess(facts, preset).colour == .red)
        #expect(assess(facts, preset).changesAt == now + hour)
        #expect(assess(facts, preset, at: now + hour).colour == .yellow)
    }

    @Test(arguments: PolicyPreset.all)
    func aPositivePoolHoldsItsPeopleYellowUntilTheRetestClearsTheOrder(preset: PolicyPreset) {
        var facts = HealthFacts()
        facts.testing = testing(lastSampled: now - 5 * hour, orders: [.temporaryControl, .retest], preset: preset)
        let held = assess(facts, preset)
        #expect(held.colour == .yellow)
        #expect(held.reasons.map(\.rule) == [.temporaryControl])
        #expect(held.reasons.first?.clearance == .awaitRetest)
        facts.testing = testing(lastSampled: now - hour, negative: now - hour, preset: preset)
        #expect(assess(facts, preset).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func anOverdueRoutineTestTurnsYellowTheSecondItRunsOut(preset: PolicyPreset) {
        // A medical worker tests every 24 h under both presets.
        let sampled = now - 24 * hour
        var facts = HealthFacts()
        facts.testing = testing(lastSampled: sampled, negative: sampled, group: .medical, preset: preset, at: now - 1)
        #expect(assess(facts, preset, at: now - 1).colour == .green)
        #expect(assess(facts, preset, at: now - 1).changesAt == now)
        let overdue = assess(facts, preset, at: now)
        #expect(overdue.colour == .yellow)
        #expect(overdue.reasons.first?.rule == .routineOverdue)
        #expect(overdue.reasons.first?.source.label == "group.medical")
        #expect(overdue.reasons.first?.clearance == .getTested)
        // Someone the rules ask to test who was never sampled is overdue at once.
        facts.testing = testing(lastSampled: nil, group: .medical, preset: preset)
        #expect(assess(facts, preset).colour == .yellow)
        // Someone no rule asks to test is green without any test.
        facts.testing = testing(lastSampled: nil, preset: preset)
        #expect(assess(facts, preset).colour == .green)
    }

    @Test func areaRiskColoursFollowThePreset() {
        var facts = HealthFacts()
        facts.residenceRisk = AreaRiskFact(areaID: 5, areaName: "Compound 5", risk: .high)
        #expect(assess(facts, .ninthEdition).colour == .red)
        #expect(assess(facts, .november2022).colour == .red)
        #expect(assess(facts, .ninthEdition).reasons.first?.clearance == .stayInArea)
        facts.residenceRisk = AreaRiskFact(areaID: 5, areaName: "Compound 5", risk: .medium)
        #expect(assess(facts, .ninthEdition).colour == .yellow)
        #expect(assess(facts, .november2022).colour == .green)
        facts.residenceRisk = AreaRiskFact(areaID: 5, areaName: "Compound 5", risk: .low)
        #expect(assess(facts, .ninthEdition).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func aRiskPointVisitIsYellowUntilANegativeSampledAfterIt(preset: PolicyPreset) {
        let visited = now - 30 * hour
        var facts = HealthFacts()
        facts.riskPointVisits = [RiskPointVisit(riskPointID: 2, venueName: "Market", visitedAt: visited)]
        facts.testing = testing(lastSampled: visited - hour, negative: visited - hour, preset: preset)
        let code = assess(facts, preset)
        #expect(code.colour == .yellow)
        #expect(code.reasons.first?.source == FactSource(kind: .riskPoint, id: 2, label: "Market", at: visited))
        // A negative sampled at the very moment of the visit does not clear it; one sampled after does.
        facts.testing = testing(lastSampled: visited, negative: visited, preset: preset)
        #expect(assess(facts, preset).colour == .yellow)
        facts.testing = testing(lastSampled: visited + 1, negative: visited + 1, preset: preset)
        #expect(assess(facts, preset).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func aVisitToAnAreaDesignatedLaterIsYellowUntilANegativeSampledAfterIt(preset: PolicyPreset) {
        let visited = now - 50 * hour
        var facts = HealthFacts()
        facts.riskAreaVisits = [RiskAreaVisit(designationID: 4, areaName: "和平小区", visitedAt: visited)]
        let code = assess(facts, preset)
        #expect(code.colour == .yellow)
        #expect(code.reasons.map(\.rule) == [.riskAreaVisit])
        #expect(code.reasons.first?.source == FactSource(kind: .areaVisit, id: 4, label: "和平小区", at: visited))
        #expect(code.reasons.first?.clearance == .getTested)
        facts.testing = testing(lastSampled: visited, negative: visited, preset: preset)
        #expect(assess(facts, preset).colour == .yellow)
        facts.testing = testing(lastSampled: visited + 1, negative: visited + 1, preset: preset)
        #expect(assess(facts, preset).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func aMissedArrivalTestIsYellowFromItsDeadline(preset: PolicyPreset) {
        var facts = HealthFacts()
        facts.arrivalTests = [ArrivalTest(arrivalID: 8, day: 2, dueBy: now, sampledAt: nil),
                              ArrivalTest(arrivalID: 8, day: 1, dueBy: now - 24 * hour, sampledAt: now - 30 * hour)]
        #expect(assess(facts, preset, at: now - 1).colour == .green)
        #expect(assess(facts, preset, at: now - 1).changesAt == now)
        let missed = assess(facts, preset)
        #expect(missed.colour == .yellow)
        #expect(missed.reasons.map(\.source.label) == ["2"])
    }

    @Test func anUntestedMedicineBuyerIsYellowAfterTheWindowOnlyUnderTheNinthEdition() {
        let bought = now - 72 * hour
        var facts = HealthFacts()
        facts.pharmacyPurchases = [PharmacyPurchase(purchaseID: 4, pharmacyName: "Pharmacy", boughtAt: bought)]
        #expect(assess(facts, .ninthEdition, at: now - 1).colour == .green)
        #expect(assess(facts, .ninthEdition, at: now - 1).changesAt == now)
        #expect(assess(facts, .ninthEdition).colour == .yellow)
        #expect(assess(facts, .november2022).colour == .green)
        // Being sampled after the purchase clears it, resulted or not.
        facts.testing = testing(lastSampled: bought + hour)
        #expect(assess(facts, .ninthEdition).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func anApprovedManualColourHoldsUntilItExpiresAndKeepsTheRuleReasonsInView(preset: PolicyPreset) {
        var facts = HealthFacts()
        facts.quarantines = [QuarantineFact(assignmentID: 1, kind: .monitoring, since: now - hour, until: now + 48 * hour)]
        facts.manualColours = [ManualColour(requestID: 11, colour: .red, reason: "Refused transfer", approvedAt: now - hour, expiresAt: now + 24 * hour)]
        let code = assess(facts, preset)
        #expect(code.colour == .red)
        #expect(code.ruleColour == .yellow)
        #expect(code.reasons.map(\.rule) == [.homeMonitoring, .manual])
        #expect(code.reasons.last?.source.label == "Refused transfer")
        #expect(code.changesAt == now + 24 * hour)
        #expect(assess(facts, preset, at: now + 24 * hour).colour == .yellow)
        // The latest approval wins while both are in force, even when it is milder.
        facts.manualColours.append(ManualColour(requestID: 12, colour: .green, reason: "Wrong person", approvedAt: now, expiresAt: now + hour))
        #expect(assess(facts, preset).colour == .green)
    }

    @Test(arguments: PolicyPreset.all)
    func theStrictestReasonWinsAndAllAreListed(preset: PolicyPreset) {
        var facts = HealthFacts()
        facts.testing = testing(lastSampled: now - hour, orders: [.temporaryControl], preset: preset)
        facts.cases = [CaseFact(caseID: 1, classification: .confirmed, since: now - hour)]
        let code = assess(facts, preset)
        #expect(code.colour == .red)
        #expect(Set(code.reasons.map(\.rule)) == [.confirmedCase, .temporaryControl])
    }

    @Test func everyRuleButManualHasAColourInTheNinthEdition() {
        let missing = CodeRule.allCases.filter { $0 != .manual && PolicyPreset.ninthEdition.healthCode.colours[$0] == nil }
        #expect(missing.isEmpty)
    }
}
