import CordonDomain
import Testing

@Suite struct IDNumberTests {
    @Test func acceptsAValidNumberAndDerivesBirthAndSex() throws {
        let body = "62010219900307123"
        let id = try IDNumber(body + String(IDNumber.checkCharacter(for: body)!))
        #expect(id.birthDate == CivilDate(year: 1990, month: 3, day: 7))
        #expect(id.sex == .male)
        #expect(id.regionCode == "620102")
    }

    @Test func knownPublishedExampleHasCheckX() throws {
        // The GB 11643 worked example: 11010519491231002X.
        let id = try IDNumber("11010519491231002x")
        #expect(id.value == "11010519491231002X")
        #expect(id.sex == .female)
    }

    @Test func rejectsAWrongCheckDigit() {
        #expect(throws: FieldError.Code.checkDigit) { try IDNumber("110105194912310021") }
    }

    @Test func rejectsImpossibleDatesAndBadShapes() {
        let body = "62010219900231123"
        #expect(throws: FieldError.Code.birthDate) { try IDNumber(body + String(IDNumber.checkCharacter(for: body)!)) }
        #expect(throws: FieldError.Code.length) { try IDNumber("12345") }
        #expect(throws: FieldError.Code.format) { try IDNumber("62010219900A071234") }
    }
}

@Suite struct PhoneAndMaskingTests {
    @Test func normalisesMobileNumbers() throws {
        #expect(try PhoneNumber("+86 138 1234 5678").value == "13812345678")
        #expect(throws: FieldError.Code.format) { try PhoneNumber("12812345678") }
        #expect(throws: FieldError.Code.length) { try PhoneNumber("1381234567") }
    }

    @Test func masksAsTheBriefShows() {
        #expect(Masking.idNumber("620102199003071234") == "620102********1234")
        #expect(Masking.phone("13812345678") == "138****5678")
        #expect(Masking.name("张三丰") == "张*丰")
    }
}

@Suite struct SearchFormTests {
    @Test func identifiersAreTrimmedAndUpperCasedForSearch() {
        #expect("62010219800101001x".identifierForSearch() == "62010219800101001X")
        #expect("  G12345678\t".identifierForSearch() == "G12345678")
        #expect("620102198001010015".identifierForSearch() == "620102198001010015")
        #expect(" 和平 ".trimmingSpaces() == "和平")
        #expect("\u{3000}全角\u{3000}".trimmingSpaces() == "全角")
        #expect("".identifierForSearch() == "")
    }
}
