/// A versioned set of rules with the date it took effect. Every quarantine length, test day, pooling default and
/// validity window the system applies is read from the preset in force, never written in code elsewhere.
public struct PolicyPreset: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var effectiveFrom: CivilDate
    public var screening: ScreeningPolicy
    public var healthCode: HealthCodePolicy
    public var tracing: TracingPolicy
    public var quarantine: QuarantinePolicy
    public var riskAreas: RiskAreaPolicy
    public var arrivals: ArrivalPolicy

    /// The preset in force on `date`: the latest whose effective date is not after it.
    public static func inForce(on date: CivilDate, among presets: [PolicyPreset] = all) -> PolicyPreset {
        presets.filter { $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom } ?? presets[0]
    }

    public static func named(_ id: String) -> PolicyPreset? { all.first { $0.id == id } }

    public static let all: [PolicyPreset] = [ninthEdition, november2022]

    /// Movement records kept 28 days: twice the longest look back (a risk area's visitors, 14 days), so a designation
    /// made late still finds them, and nothing kept for longer (the national trip card's data was deleted in
    /// December 2022 with no rule ever set).
    static let movementRetention = 28
    /// Starting points that never apply by date: a city copies one, edits it and applies the copy.
    public static let templates: [PolicyPreset] = [respiratoryTemplate]
    /// Every preset by which a version may be made.
    public static let catalogue: [PolicyPreset] = all + templates

    public var isTemplate: Bool { PolicyPreset.templates.contains { $0.id == id } }

    /// 新型冠状病毒肺炎防控方案（第九版）, June 2022.
    public static let ninthEdition = PolicyPreset(
        id: "covid-19-9th-2022-06", name: "COVID-19 prevention and control plan, 9th edition",
        effectiveFrom: CivilDate(year: 2022, month: 6, day: 28)!,
        screening: ScreeningPolicy(
            allowedPools: [1, 5, 10, 20], defaultPool: 10, poolBySiteKind: singleTubeSites, retestPool: 1,
            sealedAreaOneTubePerHousehold: true, validityHours: 48, turnaroundHours: turnaround,
            // Key groups test at fixed intervals (高风险岗位 daily, 重点人群 every two or three days); residents of a
            // high-risk area daily until three rounds find no community case, of a medium-risk area every two days.
            routine: RoutineTestingPolicy(
                intervalHoursByGroup: [.highRiskPost: 24, .medical: 24, .careAndSchools: 48, .publicFacing: 72],
                intervalHoursByAreaRisk: [.high: 24, .medium: 48], everyoneHours: nil, reminderHours: 12)),
        // 封控区 red and 管控区 yellow; close contacts red until placed, then by their measure; secondary contacts
        // yellow; a pool-positive person, an overdue test, a risk-point visitor and an untested medicine buyer yellow.
        healthCode: HealthCodePolicy(
            colours: [.confirmedCase: .red, .asymptomaticCase: .red, .suspectedCase: .red, .closeContact: .red,
                      .secondaryContact: .yellow, .centralQuarantine: .red, .homeQuarantine: .red, .homeMonitoring: .yellow,
                      .temporaryControl: .yellow, .highRiskArea: .red, .mediumRiskArea: .yellow, .riskPointVisit: .yellow, .riskAreaVisit: .yellow,
                      .routineOverdue: .yellow, .arrivalTestMissed: .yellow, .pharmacyUntested: .yellow],
            pharmacyTestHours: 72, passLifetimeSeconds: 300, paperPassDays: 7, manualColourMaxHours: 168,
            venueCodes: venueCodes, feverTenths: 373),
        // 密接: from 4 days before onset or sampling; 次密接 are traced from the close contact's exposure.
        tracing: TracingPolicy(lookbackDays: 4, coPresenceMarginMinutes: 30, longestVisitHours: 24, secondaryContacts: true,
                               secondaryOverlapMinutes: 15, closeRangeVenueCategories: closeRangeVenues, ledgerHours: ledgerHours, riskPointMarginMinutes: 60,
                               riskPointPublishDays: 14, serialIntervalMeanDays: omicronSerialInterval.mean, serialIntervalSDDays: omicronSerialInterval.sd,
                               movementRetentionDays: movementRetention),
        // 密接 7 days central (tests 1, 2, 3, 5, 7) + 3 days home monitoring (test 3); 次密接 7 days at home (1, 4, 7);
        // arrivals 7 + 3; visitors of high-risk areas 7 days central, of medium-risk areas 7 days at home.
        quarantine: QuarantinePolicy(measures: [
            .closeContact: [QuarantinePhase(kind: .central, days: 7, testDays: [1, 2, 3, 5, 7]), QuarantinePhase(kind: .monitoring, days: 3, testDays: [3])],
            .secondaryContact: [QuarantinePhase(kind: .home, days: 7, testDays: [1, 4, 7])],
            .arrival: [QuarantinePhase(kind: .central, days: 7, testDays: [1, 2, 3, 5, 7]), QuarantinePhase(kind: .monitoring, days: 3, testDays: [3])],
            .highRiskVisitor: [QuarantinePhase(kind: .central, days: 7, testDays: [1, 2, 3, 5, 7])],
            .mediumRiskVisitor: [QuarantinePhase(kind: .home, days: 7, testDays: [1, 4, 7])],
        ], checksPerDay: 2, carerGroups: carerGroups),
        // High, medium and low drawn at compound level; high steps down to medium after 7 days without a case,
        // medium to low after 7 (3 when it was itself stepped down from high).
        riskAreas: RiskAreaPolicy(levels: [.high, .medium, .low], unit: .compound, stepDown: [
            .high: .init(to: .medium, days: 7), .medium: .init(to: .low, days: 7, afterStepDownDays: 3),
        ], visitorLookbackDays: 14),
        // From a high-risk area 7 days central, from a medium-risk area 7 days at home, from a low-risk area two tests
        // in three days, and everyone else three tests in three days (三天三检).
        arrivals: ArrivalPolicy(byOriginRisk: [.high: .quarantine(.highRiskVisitor), .medium: .quarantine(.mediumRiskVisitor),
                                               .low: .tests(days: [1, 3])], otherwise: .tests(days: [1, 2, 3])))

    /// The twenty measures (二十条) of November 2022: same pooling, validity and turnaround; routine testing only for
    /// risk posts and key institutions ("不得扩大核酸检测范围"), and the medium-risk tier is gone.
    public static let november2022 = PolicyPreset(
        id: "covid-19-2022-11", name: "COVID-19 measures, November 2022 revision",
        effectiveFrom: CivilDate(year: 2022, month: 11, day: 11)!,
        screening: ScreeningPolicy(
            allowedPools: [1, 5, 10, 20], defaultPool: 10, poolBySiteKind: singleTubeSites, retestPool: 1,
            sealedAreaOneTubePerHousehold: true, validityHours: 48, turnaroundHours: turnaround,
            routine: RoutineTestingPolicy(
                intervalHoursByGroup: [.highRiskPost: 24, .medical: 24, .careAndSchools: 48],
                intervalHoursByAreaRisk: [.high: 24], everyoneHours: nil, reminderHours: 12)),
        // Secondary contacts are no longer identified and the medium tier is gone; the pharmacy sentinel no longer
        // turns a code (the twenty measures drop it from the code's inputs).
        healthCode: HealthCodePolicy(
            colours: [.confirmedCase: .red, .asymptomaticCase: .red, .suspectedCase: .red, .closeContact: .red,
                      .centralQuarantine: .red, .homeQuarantine: .red, .homeMonitoring: .yellow, .temporaryControl: .yellow,
                      .highRiskArea: .red, .riskPointVisit: .yellow, .riskAreaVisit: .yellow, .routineOverdue: .yellow,
                      .arrivalTestMissed: .yellow],
            pharmacyTestHours: nil, passLifetimeSeconds: 300, paperPassDays: 7, manualColourMaxHours: 168,
            venueCodes: venueCodes, feverTenths: 373),
        // Same lookback; "不再判定密接的密接": no secondary contacts.
        tracing: TracingPolicy(lookbackDays: 4, coPresenceMarginMinutes: 30, longestVisitHours: 24, secondaryContacts: false,
                               closeRangeVenueCategories: closeRangeVenues, ledgerHours: ledgerHours, riskPointMarginMinutes: 60, riskPointPublishDays: 14,
                               serialIntervalMeanDays: omicronSerialInterval.mean, serialIntervalSDDays: omicronSerialInterval.sd,
                               movementRetentionDays: movementRetention),
        // 密接 5 days central (tests 1, 2, 3, 5) + 3 days home isolation (tests 1, 3); arrivals the same; visitors of
        // high-risk areas 7 days at home (1, 3, 5, 7); no secondary contacts and no medium tier.
        quarantine: QuarantinePolicy(measures: [
            .closeContact: [QuarantinePhase(kind: .central, days: 5, testDays: [1, 2, 3, 5]), QuarantinePhase(kind: .home, days: 3, testDays: [1, 3])],
            .arrival: [QuarantinePhase(kind: .central, days: 5, testDays: [1, 2, 3, 5]), QuarantinePhase(kind: .home, days: 3, testDays: [1, 3])],
            .highRiskVisitor: [QuarantinePhase(kind: .home, days: 7, testDays: [1, 3, 5, 7])],
        ], checksPerDay: 2, carerGroups: carerGroups),
        // High and low only, drawn at building (unit) level; high steps down to low after 5 days without a case.
        riskAreas: RiskAreaPolicy(levels: [.high, .low], unit: .building, stepDown: [.high: .init(to: .low, days: 5)],
                                  visitorLookbackDays: 14),
        // Only travellers from a high-risk area are held (7 days at home); the rest owe nothing.
        arrivals: ArrivalPolicy(byOriginRisk: [.high: .quarantine(.highRiskVisitor)], otherwise: nil))

    /// A screen shows a new venue code every 30 s and a scan counts for a minute after; a visit without a scan out
    /// is taken to last an hour.
    static let venueCodes = VenueCodePolicy(rotationSeconds: 30, acceptedAgeSeconds: 60, dwellMinutes: 60)
    /// Quarantine sites and clinics take single tubes (单采) under both 2022 texts.
    static let singleTubeSites: [SiteKind: Int] = [.quarantineSite: 1, .feverClinic: 1, .hospital: 1]
    /// Where people meet close enough for a close contact to pass it on (同一密闭环境工作、聚餐和娱乐): workplaces, schools,
    /// meals, entertainment, a barber's chair; not a market aisle or a station hall.
    static let closeRangeVenues: Set<String> = ["restaurant", "office", "factory", "school", "ktv", "gym", "hair_salon"]
    /// A confirmed contact is told within 2 h, reached (追到) within 6 h, sampled (检到) within 12 h and under a measure
    /// (管到) within 24 h of confirmation.
    static let ledgerHours: [LedgerStage: Int] = [.notified: 2, .traced: 6, .tested: 12, .controlled: 24]
    /// The serial interval of the Omicron variants both 2022 texts were written for: about 3.5 days on average (sd 2.4),
    /// as household studies of 2022 found it; a city with its own estimate edits its preset.
    static let omicronSerialInterval = (mean: 3.5, sd: 2.4)
    /// Who may bring a carer into a quarantine room (单人单间, except for whom a carer looks after).
    static let carerGroups: Set<SpecialGroup> = [.child, .elderly, .disabled]
    /// Fever clinic within 6 h, in- and outpatients within 12 h, screening within 24 h.
    static let turnaround: [SamplingPurpose: Int] = [.feverClinic: 6, .patients: 12, .screening: 24]
}

/// The screening part of a preset.
public struct ScreeningPolicy: Sendable, Hashable {
    /// People per tube that labs have validated (5:1, 10:1, 20:1 and single tubes).
    public var allowedPools: [Int]
    public var defaultPool: Int
    /// Pooling fixed by the kind of site: single tubes at quarantine sites and clinics.
    public var poolBySiteKind: [SiteKind: Int]
    /// A person with an open retest order is sampled in a tube of at most this many people.
    public var retestPool: Int
    /// In sealed areas a household shares one tube rather than mixing households.
    public var sealedAreaOneTubePerHousehold: Bool
    /// How long a negative result counts, from the time of sampling. Both 2022 texts allow 48 h or 72 h; the presets
    /// take 48 h, and a city that chose 72 h adds a preset of its own.
    public var validityHours: Int
    /// Result turnaround limits by kind of sampling.
    public var turnaroundHours: [SamplingPurpose: Int]
    public var routine: RoutineTestingPolicy
}

public enum SamplingPurpose: String, Sendable, Hashable, CaseIterable, Codable {
    case feverClinic = "fever_clinic"
    case patients
    case screening
}
