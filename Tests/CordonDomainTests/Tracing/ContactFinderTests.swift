import CordonDomain
import Testing

@Suite struct ContactFinderTests {
    let hour: Int64 = 3_600
    let window = Presence(start: 1_000_000, end: 1_000_000 + 96 * 3_600)
    let margin: Int64 = 30 * 60

    func visit(_ who: Int64, venue: Int64 = 7, from: Int64, hours: Int64 = 1) -> VenuePresence {
        VenuePresence(residentID: who, venueID: venue, span: Presence(start: window.start + from, end: window.start + from + hours * hour))
    }

    @Test func householdAndOverlappingVisitorsAreProposedOnce() {
        let mine = visit(1, from: 10 * hour)
        let others = [
            visit(2, from: 10 * hour + 1_800),          // overlaps
            visit(2, from: 11 * hour + 100),            // same person, same venue, later: one proposal, latest exposure
            visit(3, from: 11 * hour + margin + 1),     // a second too late
            visit(4, venue: 8, from: 10 * hour),        // another venue
            visit(1, from: 10 * hour),                  // the case himself
        ]
        let found = ContactFinder.propose(tier: .close, window: window, household: [5], presences: [(mine, .venue)], others: others,
                                          excluded: [1], rule: .within(seconds: margin))
        #expect(found.map(\.residentID) == [2, 5])
        #expect(found[0].route == .venue && found[0].venueID == 7)
        // The later visit arrived after the case left, within the margin: exposed on arrival.
        #expect(found[0].exposedAt == mine.span.end + 100)
        #expect(found[1].route == .household && found[1].exposedAt == window.end)
    }

    @Test func onlyThePartOfAVisitInsideTheWindowCounts() {
        // The case's visit began before the window opened; a visitor who left before the window met nobody infectious.
        let mine = VenuePresence(residentID: 1, venueID: 7, span: Presence(start: window.start - 4 * hour, end: window.start + hour))
        let early = VenuePresence(residentID: 2, venueID: 7, span: Presence(start: window.start - 4 * hour, end: window.start - margin - 1))
        let late = VenuePresence(residentID: 3, venueID: 7, span: Presence(start: window.start + 30 * 60, end: window.start + 2 * hour))
        let found = ContactFinder.propose(tier: .close, window: window, household: [], presences: [(mine, .venue)], others: [early, late],
                                          excluded: [1], rule: .within(seconds: margin))
        #expect(found.map(\.residentID) == [3])
    }

    @Test func interviewEntriesProposeByTheirOwnRoute() {
        let said = visit(1, venue: 9, from: 20 * hour, hours: 2)
        let found = ContactFinder.propose(tier: .secondary, window: window, household: [], presences: [(said, .interview)],
                                          others: [visit(6, venue: 9, from: 21 * hour)], excluded: [], rule: .within(seconds: margin), via: 1)
        #expect(found == [ContactProposal(residentID: 6, tier: .secondary, route: .interview, venueID: 9, exposedAt: window.start + 22 * hour,
                                          viaResidentID: 1)])
    }

    @Test func secondaryContactsNeedTheVisitsToOverlapLongEnough() {
        let close = visit(1, from: 10 * hour)
        let rule = PolicyPreset.ninthEdition.tracing.coPresence(.secondary)
        #expect(rule == .overlapping(seconds: 15 * 60))
        let found = ContactFinder.propose(tier: .secondary, window: window, household: [], presences: [(close, .venue)], others: [
            visit(2, from: 10 * hour + 45 * 60),        // shares exactly 15 minutes
            visit(3, from: 10 * hour + 45 * 60 + 1),    // a second short
            visit(4, from: 11 * hour + 60),             // arrived after the close contact left: not close range
        ], excluded: [], rule: rule, via: 1)
        #expect(found.map(\.residentID) == [2])
    }

    @Test func theStrictestTierWins() {
        #expect(ContactFinder.strictest([.secondary, .close, .secondary]) == .close)
        #expect(ContactFinder.strictest([.secondary]) == .secondary)
        #expect(ContactFinder.strictest([]) == nil)
    }

    @Test func secondaryContactsExistOnlyUnderTheNinthEdition() {
        #expect(PolicyPreset.ninthEdition.tracing.tiers == [.close, .secondary])
        #expect(PolicyPreset.november2022.tracing.tiers == [.close])
    }
}
