import CordonDomain
import Testing

@Suite struct AreaTests {
    @Test func containmentFollowsAncestors() {
        let city = Area(id: 1, code: "C", name: "c", level: .city, parentID: nil, ancestors: AreaPath([.city: 1]))
        let d1 = Area(id: 2, code: "D1", name: "d1", level: .district, parentID: 1, ancestors: city.ancestors.extended(level: .district, id: 2))
        let d2 = Area(id: 3, code: "D2", name: "d2", level: .district, parentID: 1, ancestors: city.ancestors.extended(level: .district, id: 3))
        let s = Area(id: 4, code: "S", name: "s", level: .street, parentID: 2, ancestors: d1.ancestors.extended(level: .street, id: 4))
        #expect(city.contains(s))
        #expect(d1.contains(s))
        #expect(!d2.contains(s))
        #expect(!s.contains(d1))
    }

    @Test func levelsOnlyParentDeeperLevels() {
        #expect(AreaLevel.community.canParent(.household))
        #expect(!AreaLevel.grid.canParent(.street))
        #expect(!AreaLevel.grid.canParent(.grid))
    }

    @Test func codesAreTokens() throws {
        #expect(throws: FieldError.Code.format) { try Area.validateCode("62 01") }
        #expect(throws: FieldError.Code.missing) { try Area.validateCode("  ") }
        #expect(try Area.validateCode(" 620102 ") == "620102")
    }
}
