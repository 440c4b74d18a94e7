import CordonDomain
import Testing

@Suite struct CheckpointRulesTests {
    let policy = PolicyPreset.november2022.healthCode.venueCodes

    @Test func aVenueCodeRoundTripsThroughItsText() throws {
        let rotating = VenueCode(venue: "V000123", validity: .slot(56_666_666), tag: "abc-_DEF")
        #expect(try VenueCode(parsing: rotating.text) == rotating)
        let printed = VenueCode(venue: "V000123", validity: .day(CivilDate(year: 2026, month: 11, day: 25)!), tag: "t")
        #expect(printed.text == "CDV1:V000123.D2026-11-25.t")
        #expect(try VenueCode(parsing: printed.text) == printed)
        #expect(throws: VenueCodeError.notAVenueCode) { try VenueCode(parsing: "CDN1:XYZ") }
        for bad in ["CDV1:", "CDV1:V1.12", "CDV1:.12.t", "CDV1:V1.x.t", "CDV1:V1.D2026-02-30.t", "CDV1:V1.-5.t", "CDV1:V1.12."] {
            #expect(throws: VenueCodeError.malformed, "\(bad)") { try VenueCode(parsing: bad) }
        }
    }

    @Test(arguments: PolicyPreset.all)
    func aRotatingCodeCountsForItsSlotAndAMinuteAfterThenIsStale(preset: PolicyPreset) throws {
        let policy = preset.healthCode.venueCodes
        let slot: Int64 = 56_666_666
        let shown = slot * Int64(policy.rotationSeconds)
        let code = VenueCode(venue: "V1", validity: .slot(slot), tag: "t")
        try code.checkFresh(now: shown, policy: policy)
        let last = shown + Int64(policy.rotationSeconds + policy.acceptedAgeSeconds) - 1
        try code.checkFresh(now: last, policy: policy)
        // A photo forwarded and scanned later than that does not count as presence.
        #expect(throws: VenueCodeError.stale) { try code.checkFresh(now: last + 1, policy: policy) }
        // A slot from the future was never shown: somebody made it up.
        #expect(throws: VenueCodeError.forged) { try code.checkFresh(now: shown - 60, policy: policy) }
    }

    @Test func aPrintedCodeCountsOnItsLocalDayOnly() throws {
        let day = CivilDate(year: 2026, month: 11, day: 25)!
        let code = VenueCode(venue: "V1", validity: .day(day), tag: "t")
        try code.checkFresh(now: day.startUnixTime(), policy: policy)
        try code.checkFresh(now: day.startUnixTime() + 86_399, policy: policy)
        #expect(throws: VenueCodeError.stale) { try code.checkFresh(now: day.startUnixTime() + 86_400, policy: policy) }
        #expect(throws: VenueCodeError.stale) { try code.checkFresh(now: day.startUnixTime() - 1, policy: policy) }
    }

    @Test func platesFollowTheNationalFormat() throws {
        #expect(try PlateNumber.validate("甘A12345") == "甘A12345")
        #expect(try PlateNumber.validate(" 甘a·d1234 5") == "甘AD12345")
        #expect(try PlateNumber.validate("京AD12345") == "京AD12345")
        #expect(try PlateNumber.validate("甘A1234学") == "甘A1234学")
        #expect(throws: FieldError.Code.missing) { try PlateNumber.validate(" ") }
        #expect(throws: FieldError.Code.length) { try PlateNumber.validate("甘A1234") }
        #expect(throws: FieldError.Code.format) { try PlateNumber.validate("XA12345") }
        #expect(throws: FieldError.Code.format) { try PlateNumber.validate("甘I12345") }
        #expect(throws: FieldError.Code.format) { try PlateNumber.validate("甘A12学45") }
    }

    @Test func aRegistrationReportsEveryBadFieldAtOnce() {
        let body = "62010219800101123"
        let valid = body + String(IDNumber.checkCharacter(for: body)!)
        guard case .success(let ok) = TravelRegistration.validate(name: "张三", idNumber: valid, phone: "13912345678", plate: "甘A12345",
                                                                   origin: "西安市", remarks: "") else { Issue.record("valid registration refused"); return }
        #expect(ok.plate == "甘A12345")
        guard case .failure(let errors) = TravelRegistration.validate(name: " ", idNumber: body + (valid.hasSuffix("0") ? "1" : "0"), phone: "123", plate: "甘A1", origin: "",
                                                                       remarks: String(repeating: "x", count: 201))
        else { Issue.record("invalid registration accepted"); return }
        #expect(errors.errors.map(\.field) == ["name", "id_number", "phone", "plate", "origin", "remarks"])
    }
}
