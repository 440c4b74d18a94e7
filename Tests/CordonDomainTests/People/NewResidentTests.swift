import CordonDomain
import Testing

@Suite struct NewResidentTests {
    let validID: String = {
        let body = "62010219850115002"
        return body + String(IDNumber.checkCharacter(for: body)!)
    }()

    @Test func validatesAllFieldsAndDerivesFromTheCard() throws {
        let r = try NewResident.validate(RawResident(name: " 王芳 ", idNumber: validID, phone: "13900001111", householdCode: "H1", groups: "dialysis"))
        #expect(r.name == "王芳")
        #expect(r.birthDate == CivilDate(year: 1985, month: 1, day: 15))
        #expect(r.sex == .female)
        #expect(r.groups == [.dialysis])
    }

    @Test func namesTheFirstBadField() {
        #expect(throws: FieldError(field: "phone", code: .format)) {
            try NewResident.validate(RawResident(name: "王芳", idNumber: validID, phone: "abc", householdCode: "H1"))
        }
        #expect(throws: FieldError(field: "household_code", code: .missing)) {
            try NewResident.validate(RawResident(name: "王芳", idNumber: validID, phone: "", householdCode: ""))
        }
        #expect(throws: FieldError(field: "groups", code: .unknownValue)) {
            try NewResident.validate(RawResident(name: "王芳", idNumber: validID, householdCode: "H1", groups: "elderly"))
        }
    }

    @Test func passportsNeedBirthDateAndSex() throws {
        #expect(throws: FieldError(field: "birth_date", code: .missing)) {
            try NewResident.validate(RawResident(name: "Anna", idKind: "passport", idNumber: "E12345678", householdCode: "H1"))
        }
        let r = try NewResident.validate(RawResident(name: "Anna", idKind: "passport", idNumber: "e12345678", birthDate: "1990-05-01",
                                                     sex: "female", householdCode: "H1"))
        #expect(r.idNumber == "E12345678")
    }

    @Test func agesGiveDerivedGroups() {
        let today = CivilDate(year: 2026, month: 11, day: 23)!
        #expect(SpecialGroup.derived(birthDate: CivilDate(year: 1960, month: 1, day: 1)!, on: today) == [.elderly])
        #expect(SpecialGroup.derived(birthDate: CivilDate(year: 2020, month: 1, day: 1)!, on: today) == [.child])
        #expect(CivilDate(dayNumber: today.dayNumber) == today)
    }
}
