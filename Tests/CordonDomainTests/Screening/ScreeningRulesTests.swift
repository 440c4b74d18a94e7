import CordonDomain
import Testing

@Suite struct ScreeningRulesTests {
    @Test func aTubeTakesNoMoreThanItsPoolAndNobodyTwice() throws {
        var tube = TubeRules(capacity: 10)
        for id in 1...10 { try tube.add(Int64(id)) }
        #expect(throws: TubeRefusal.full) { try tube.add(11) }
        var small = TubeRules(capacity: 5, members: [7])
        #expect(throws: TubeRefusal.alreadyInTube) { try small.add(7) }
        var closed = TubeRules(capacity: 5, members: [1], status: .closed)
        #expect(throws: TubeRefusal.notOpen) { try closed.add(2) }
        var single = TubeRules(capacity: 1)
        try single.add(3)
        #expect(single.closesNow)
    }

    @Test func theReflexFollowsTheResultAndThePooling() {
        #expect(Reflex.actions(result: .positive, capacity: 10) == [.temporaryControl, .retest])
        #expect(Reflex.actions(result: .positive, capacity: 1) == [.caseCandidate])
        #expect(Reflex.actions(result: .invalid, capacity: 5) == [.resample])
        #expect(Reflex.actions(result: .negative, capacity: 20).isEmpty)
    }

    @Test func theChainRunsOneWay() {
        #expect(TubeStatus.open.next == .closed)
        #expect(TubeStatus.received.next == .resulted)
        #expect(TubeStatus.resulted.next == nil)
    }

    @Test func barcodesAreShortUpperCaseTokens() throws {
        #expect(try Barcode.validate(" lz0001a ") == "LZ0001A")
        #expect(throws: FieldError.Code.format) { try Barcode.validate("LZ-0001") }
        #expect(throws: FieldError.Code.length) { try Barcode.validate("AB1") }
    }

    @Test func thePolicyInForceDependsOnTheDate() {
        #expect(PolicyPreset.inForce(on: CivilDate(year: 2022, month: 7, day: 1)!).id == PolicyPreset.ninthEdition.id)
        #expect(PolicyPreset.inForce(on: CivilDate(year: 2022, month: 12, day: 1)!).id == PolicyPreset.november2022.id)
        for preset in PolicyPreset.all {
            #expect(preset.screening.allowedPools == [1, 5, 10, 20])
            #expect(preset.screening.defaultPool == 10)
            #expect([48, 72].contains(preset.screening.validityHours))
            #expect(preset.screening.turnaroundHours[.screening] == 24)
        }
    }
}
