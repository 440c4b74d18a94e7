import CordonDomain
import Testing

@Suite struct RoomAllocationTests {
    // Two districts; the first has a community 11 under street 10, the second street 20.
    let nearHome = AreaPath([.city: 1, .district: 2, .street: 10, .community: 11])
    let sameStreet = AreaPath([.city: 1, .district: 2, .street: 10, .community: 12])
    let otherDistrict = AreaPath([.city: 1, .district: 3, .street: 20, .community: 21])

    func room(_ id: Int64, site: Int64, at path: AreaPath, floor: Int = 1, beds: Int = 1, occupants: [Int64] = []) -> RoomState {
        RoomState(roomID: id, siteID: site, site: path, floor: floor, number: "\(floor)0\(id)", beds: beds, occupants: occupants)
    }

    @Test func aSecondPersonNeverGoesIntoAnOccupiedRoom() {
        #expect(throws: AllocationError(.roomOccupied)) {
            try RoomAllocation.check(Placement(residentID: 2, home: nearHome), into: room(1, site: 1, at: nearHome, occupants: [1]))
        }
        #expect(throws: AllocationError(.carerNotAllowed)) {
            try RoomAllocation.check(Placement(residentID: 2, home: nearHome, needsCarer: false, carerID: 3), into: room(1, site: 1, at: nearHome, beds: 2))
        }
        #expect(throws: AllocationError(.carerNotAllowed)) {
            try RoomAllocation.check(Placement(residentID: 2, home: nearHome, needsCarer: true, carerID: 3), into: room(1, site: 1, at: nearHome))
        }
    }

    @Test func peopleGoToTheNearestSiteWithSpaceAndACarerToADoubleRoom() {
        let rooms = [
            room(1, site: 9, at: otherDistrict),
            room(2, site: 8, at: sameStreet, floor: 2),
            room(3, site: 8, at: sameStreet, floor: 1),
            room(4, site: 8, at: sameStreet, beds: 2),
            room(5, site: 7, at: nearHome, occupants: [99]),
        ]
        let people = [
            Placement(residentID: 10, home: nearHome),
            Placement(residentID: 11, home: nearHome, needsCarer: true, carerID: 12),
            Placement(residentID: 13, home: nearHome),
            Placement(residentID: 14, home: nearHome),
            Placement(residentID: 15, home: nearHome),
        ]
        let result = RoomAllocation.allocate(people, rooms: rooms)
        // The community's own site is full; the same street's site fills from the lowest floor, single rooms before
        // the double room, which goes to the child and their carer; then the other district; then nothing is left.
        #expect(result.assigned == [10: 3, 11: 4, 13: 2, 14: 1])
        #expect(result.unplaced == [15])
        #expect(RoomAllocation.distance(from: nearHome, to: nearHome) == 0)
        #expect(RoomAllocation.distance(from: nearHome, to: otherDistrict) == 3)
    }
}
