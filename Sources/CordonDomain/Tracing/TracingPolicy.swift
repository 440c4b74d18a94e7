/// The tracing part of a preset: how far back a case's exposure window reaches, how close in time two visits to one
/// place must be to count as co-presence, whether contacts of contacts are traced, and the ledger's clock.
public struct TracingPolicy: Sendable, Hashable {
    /// The window starts this many whole days before onset (or sampling, when there are no symptoms).
    public var lookbackDays: Int
    /// Two visits to one venue are co-presence when the gap between them is at most this many minutes (air and
    /// surfaces carry the virus a while after someone leaves).
    public var coPresenceMarginMinutes: Int
    /// Longer visits are stays, not visits; bounds the index scan that finds co-present visitors.
    public var longestVisitHours: Int
    /// Whether contacts of close contacts (次密接) are identified at all.
    public var secondaryContacts: Bool
    /// A secondary contact shared a home, a closed workplace, a meal or entertainment with a close contact (近距离接触):
    /// their visits must overlap by at least this many minutes.
    public var secondaryOverlapMinutes: Int
    /// Venue kinds where people are close enough for a scan to propose a contact of either tier (a workplace, a meal,
    /// entertainment). Visitors of the other kinds (a market, a station) are reached through risk points instead;
    /// places a case names in interview count whatever their kind. Empty means every kind.
    public var closeRangeVenueCategories: Set<String>
    /// Hours from a contact's confirmation by which each ledger stage must be done (追到、检到、管到).
    public var ledgerHours: [LedgerStage: Int]
    /// How long a risk point's window reaches beyond the case's visit (the venue stays contaminated a while).
    public var riskPointMarginMinutes: Int
    /// How many days after its window a risk point stays on the public list.
    public var riskPointPublishDays: Int
    /// The days from a case's onset to that of the people they infect, for estimating the reproduction number.
    public var serialIntervalMeanDays: Double
    public var serialIntervalSDDays: Double
    /// How many days movement records are kept: venue visits and check-ins, checkpoint passages, daily travel
    /// registrations. Older ones are deleted by the clock; tracing and designations never look back further.
    public var movementRetentionDays: Int

    public init(lookbackDays: Int, coPresenceMarginMinutes: Int, longestVisitHours: Int, secondaryContacts: Bool,
                secondaryOverlapMinutes: Int = 15, closeRangeVenueCategories: Set<String> = [], ledgerHours: [LedgerStage: Int], riskPointMarginMinutes: Int,
                riskPointPublishDays: Int, serialIntervalMeanDays: Double = 3.5, serialIntervalSDDays: Double = 2.4, movementRetentionDays: Int) {
        self.movementRetentionDays = movementRetentionDays
        self.serialIntervalMeanDays = serialIntervalMeanDays
        self.serialIntervalSDDays = serialIntervalSDDays
        self.lookbackDays = lookbackDays
        self.coPresenceMarginMinutes = coPresenceMarginMinutes
        self.longestVisitHours = longestVisitHours
        self.secondaryContacts = secondaryContacts
        self.secondaryOverlapMinutes = secondaryOverlapMinutes
        self.closeRangeVenueCategories = closeRangeVenueCategories
        self.ledgerHours = ledgerHours
        self.riskPointMarginMinutes = riskPointMarginMinutes
        self.riskPointPublishDays = riskPointPublishDays
    }

    public var marginSeconds: Int64 { Int64(coPresenceMarginMinutes) * 60 }

    /// How a visit must meet the case's (or the close contact's) to make a contact of this tier.
    public func coPresence(_ tier: ContactTier) -> CoPresence {
        tier == .close ? .within(seconds: marginSeconds) : .overlapping(seconds: Int64(secondaryOverlapMinutes) * 60)
    }

    /// The tiers this policy identifies.
    public var tiers: [ContactTier] { secondaryContacts ? [.close, .secondary] : [.close] }
}
