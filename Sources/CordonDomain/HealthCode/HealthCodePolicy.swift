/// The health-code part of a preset: the colour each rule gives, and the windows the rules read.
public struct HealthCodePolicy: Sendable, Hashable {
    /// The colour each rule gives; a rule not listed does not apply under this preset.
    public var colours: [CodeRule: CodeColour]
    /// Hours after a pharmacy purchase of fever or cough medicine within which the buyer must be sampled.
    public var pharmacyTestHours: Int?
    /// How long a signed pass is valid after it is issued, in seconds (short, so a screenshot soon stops working).
    public var passLifetimeSeconds: Int
    /// How long a printed paper pass is valid, in days (for people without phones; green only).
    public var paperPassDays: Int
    /// How long a manual colour may last at most, in hours.
    public var manualColourMaxHours: Int
    public var venueCodes: VenueCodePolicy
    /// A body temperature from which a checkpoint flags fever, in tenths of a degree (37.3 °C → 373).
    public var feverTenths: Int

    public init(colours: [CodeRule: CodeColour], pharmacyTestHours: Int?, passLifetimeSeconds: Int, paperPassDays: Int,
                manualColourMaxHours: Int, venueCodes: VenueCodePolicy, feverTenths: Int) {
        self.colours = colours
        self.pharmacyTestHours = pharmacyTestHours
        self.passLifetimeSeconds = passLifetimeSeconds
        self.paperPassDays = paperPassDays
        self.manualColourMaxHours = manualColourMaxHours
        self.venueCodes = venueCodes
        self.feverTenths = feverTenths
    }
}
