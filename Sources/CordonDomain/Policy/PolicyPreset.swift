/// A versioned set of rules with the date it took effect. Every quarantine length, test day, pooling default and
/// validity window the system applies is read from the preset in force, never written in code elsewhere.
public struct PolicyPreset: Sendable, Hashable, Identifiable {
    public let id: String
    public let name: String
    public let effectiveFrom: CivilDate
    public let screening: ScreeningPolicy

    /// The preset in force on `date`: the latest whose effective date is not after it.
    public static func inForce(on date: CivilDate, among presets: [PolicyPreset] = all) -> PolicyPreset {
        presets.filter { $0.effectiveFrom <= date }.max { $0.effectiveFrom < $1.effectiveFrom } ?? presets[0]
    }

    public static func named(_ id: String) -> PolicyPreset? { all.first { $0.id == id } }

    public static let all: [PolicyPreset] = [ninthEdition, november2022]

    /// 新型冠状病毒肺炎防控方案（第九版）, June 2022.
    public static let ninthEdition = PolicyPreset(
        id: "covid-19-9th-2022-06", name: "COVID-19 prevention and control plan, 9th edition",
        effectiveFrom: CivilDate(year: 2022, month: 6, day: 28)!,
        screening: ScreeningPolicy(allowedPools: [1, 5, 10, 20], defaultPool: 10, quarantineSitePool: 1, retestPool: 1,
                                   sealedAreaOneTubePerHousehold: true, validityHours: 48,
                                   turnaroundHours: [.feverClinic: 6, .patients: 12, .screening: 24]))

    /// The twenty measures (二十条) of November 2022: same screening rules, retests unchanged.
    public static let november2022 = PolicyPreset(
        id: "covid-19-2022-11", name: "COVID-19 measures, November 2022 revision",
        effectiveFrom: CivilDate(year: 2022, month: 11, day: 11)!,
        screening: ScreeningPolicy(allowedPools: [1, 5, 10, 20], defaultPool: 10, quarantineSitePool: 1, retestPool: 1,
                                   sealedAreaOneTubePerHousehold: true, validityHours: 48,
                                   turnaroundHours: [.feverClinic: 6, .patients: 12, .screening: 24]))
}

/// The screening part of a preset.
public struct ScreeningPolicy: Sendable, Hashable {
    /// People per tube that labs have validated (5:1, 10:1, 20:1 and single tubes).
    public let allowedPools: [Int]
    public let defaultPool: Int
    public let quarantineSitePool: Int
    public let retestPool: Int
    /// In sealed areas a household shares one tube rather than mixing households.
    public let sealedAreaOneTubePerHousehold: Bool
    /// How long a negative result counts, from the time of sampling. Both 2022 texts allow 48 h or 72 h; the presets
    /// take 48 h, and a city that chose 72 h adds a preset of its own.
    public let validityHours: Int
    /// Result turnaround limits by kind of sampling.
    public let turnaroundHours: [SamplingPurpose: Int]
}

public enum SamplingPurpose: String, Sendable, Hashable, CaseIterable, Codable {
    case feverClinic = "fever_clinic"
    case patients
    case screening
}
