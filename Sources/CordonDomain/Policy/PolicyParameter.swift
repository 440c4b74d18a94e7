/// A number in a preset that a policy version may change, named by a stable key (`quarantine.close_contact.1.days`).
/// The list is what a commander edits: the lengths, test days, windows and limits the seeds' plans changed from one
/// edition to the next. Which tiers and phases exist is the preset's structure and is copied, not edited.
public enum PolicyParameter: Sendable, Hashable {
    case validityHours
    case defaultPool
    case routineHours(WorkGroup)
    case lookbackDays
    case serialIntervalMean
    case serialIntervalSD
    case passLifetimeSeconds
    case paperPassDays
    case manualColourMaxHours
    /// The fever line in °C (37.3).
    case feverLine
    case checksPerDay
    /// Days of a measure's phase; phases count from 1.
    case phaseDays(MeasureTier, Int)
    /// Test days of a measure's phase, as `1,2,3,5,7`.
    case phaseTestDays(MeasureTier, Int)
    case stepDownDays(AreaRisk)
    case visitorLookbackDays
    case movementRetentionDays

    /// Every parameter `preset` has, in the order a form shows them.
    public static func all(of preset: PolicyPreset) -> [PolicyParameter] {
        var list: [PolicyParameter] = [.validityHours, .defaultPool]
        list += WorkGroup.allCases.filter { preset.screening.routine.intervalHoursByGroup[$0] != nil }.map { .routineHours($0) }
        list += [.lookbackDays, .serialIntervalMean, .serialIntervalSD, .passLifetimeSeconds, .paperPassDays, .manualColourMaxHours,
                 .feverLine, .checksPerDay]
        for tier in MeasureTier.allCases {
            for index in (preset.quarantine.measures[tier] ?? []).indices { list += [.phaseDays(tier, index + 1), .phaseTestDays(tier, index + 1)] }
        }
        list += AreaRisk.allCases.reversed().filter { preset.riskAreas.stepDown[$0] != nil }.map { .stepDownDays($0) }
        list += [.visitorLookbackDays, .movementRetentionDays]
        return list
    }

    public var key: String {
        switch self {
        case .validityHours: "screening.validity_hours"
        case .defaultPool: "screening.default_pool"
        case .routineHours(let group): "screening.routine_hours.\(group.rawValue)"
        case .lookbackDays: "tracing.lookback_days"
        case .serialIntervalMean: "tracing.serial_interval_mean"
        case .serialIntervalSD: "tracing.serial_interval_sd"
        case .passLifetimeSeconds: "health_code.pass_lifetime_seconds"
        case .paperPassDays: "health_code.paper_pass_days"
        case .manualColourMaxHours: "health_code.manual_colour_max_hours"
        case .feverLine: "health_code.fever_line"
        case .checksPerDay: "quarantine.checks_per_day"
        case .phaseDays(let tier, let phase): "quarantine.\(tier.rawValue).\(phase).days"
        case .phaseTestDays(let tier, let phase): "quarantine.\(tier.rawValue).\(phase).test_days"
        case .stepDownDays(let level): "risk_areas.step_down.\(level.rawValue)"
        case .visitorLookbackDays: "risk_areas.visitor_lookback_days"
        case .movementRetentionDays: "privacy.movement_retention_days"
        }
    }

    public init?(key: String) {
        let parts = key.split(separator: ".").map(String.init)
        switch parts.count {
        case 2:
            guard let simple = Self.simple.first(where: { $0.key == key }) else { return nil }
            self = simple
        case 3 where parts[0] == "screening" && parts[1] == "routine_hours":
            guard let group = WorkGroup(rawValue: parts[2]) else { return nil }
            self = .routineHours(group)
        case 3 where parts[0] == "risk_areas" && parts[1] == "step_down":
            guard let level = AreaRisk(rawValue: parts[2]) else { return nil }
            self = .stepDownDays(level)
        case 4 where parts[0] == "quarantine":
            guard let tier = MeasureTier(rawValue: parts[1]), let phase = Int(parts[2]), phase > 0 else { return nil }
            switch parts[3] {
            case "days": self = .phaseDays(tier, phase)
            case "test_days": self = .phaseTestDays(tier, phase)
            default: return nil
            }
        default: return nil
        }
    }

    private static let simple: [PolicyParameter] = [.validityHours, .defaultPool, .lookbackDays, .serialIntervalMean, .serialIntervalSD,
                                                    .passLifetimeSeconds, .paperPassDays, .manualColourMaxHours, .feverLine, .checksPerDay,
                                                    .visitorLookbackDays, .movementRetentionDays]

    /// The value in `preset` as a form shows it, or nil when the preset has no such tier, phase or level.
    public func value(in preset: PolicyPreset) -> String? {
        switch self {
        case .validityHours: "\(preset.screening.validityHours)"
        case .defaultPool: "\(preset.screening.defaultPool)"
        case .routineHours(let group): preset.screening.routine.intervalHoursByGroup[group].map { "\($0)" }
        case .lookbackDays: "\(preset.tracing.lookbackDays)"
        case .serialIntervalMean: Self.decimal(preset.tracing.serialIntervalMeanDays)
        case .serialIntervalSD: Self.decimal(preset.tracing.serialIntervalSDDays)
        case .passLifetimeSeconds: "\(preset.healthCode.passLifetimeSeconds)"
        case .paperPassDays: "\(preset.healthCode.paperPassDays)"
        case .manualColourMaxHours: "\(preset.healthCode.manualColourMaxHours)"
        case .feverLine: Self.decimal(Double(preset.healthCode.feverTenths) / 10)
        case .checksPerDay: "\(preset.quarantine.checksPerDay)"
        case .phaseDays(let tier, let phase): Self.phase(tier, phase, in: preset).map { "\($0.days)" }
        case .phaseTestDays(let tier, let phase): Self.phase(tier, phase, in: preset).map { $0.testDays.map(String.init).joined(separator: ",") }
        case .stepDownDays(let level): preset.riskAreas.stepDown[level].map { "\($0.days)" }
        case .visitorLookbackDays: "\(preset.riskAreas.visitorLookbackDays)"
        case .movementRetentionDays: "\(preset.tracing.movementRetentionDays)"
        }
    }

    /// Sets the value from what a person typed. A value out of its range, or a tier, phase or level the preset does
    /// not have, is refused with this parameter's key as the field. Test days are checked against the phase's length
    /// by `PolicyPreset.validate`, once every value is in.
    public func set(_ text: String, in preset: inout PolicyPreset) throws(FieldError) {
        let text = text.trimmingSpaces()
        guard !text.isEmpty else { throw FieldError(field: key, code: .missing) }
        switch self {
        case .validityHours: preset.screening.validityHours = try integer(text, 1...168)
        case .defaultPool:
            let pool = try integer(text, 1...50)
            guard preset.screening.allowedPools.contains(pool) else { throw FieldError(field: key, code: .notInPolicy) }
            preset.screening.defaultPool = pool
        case .routineHours(let group):
            guard preset.screening.routine.intervalHoursByGroup[group] != nil else { throw FieldError(field: key, code: .unknownValue) }
            preset.screening.routine.intervalHoursByGroup[group] = try integer(text, 12...720)
        case .lookbackDays: preset.tracing.lookbackDays = try integer(text, 1...21)
        case .serialIntervalMean: preset.tracing.serialIntervalMeanDays = try decimal(text, 1...30)
        case .serialIntervalSD: preset.tracing.serialIntervalSDDays = try decimal(text, 0.1...30)
        case .passLifetimeSeconds: preset.healthCode.passLifetimeSeconds = try integer(text, 60...3_600)
        case .paperPassDays: preset.healthCode.paperPassDays = try integer(text, 1...30)
        case .manualColourMaxHours: preset.healthCode.manualColourMaxHours = try integer(text, 1...720)
        case .feverLine: preset.healthCode.feverTenths = Int((try decimal(text, 37.0...38.5) * 10).rounded())
        case .checksPerDay: preset.quarantine.checksPerDay = try integer(text, 1...6)
        case .phaseDays(let tier, let phase):
            guard let old = Self.phase(tier, phase, in: preset) else { throw FieldError(field: key, code: .unknownValue) }
            preset.quarantine.measures[tier]![phase - 1] = QuarantinePhase(kind: old.kind, days: try integer(text, 1...28), testDays: old.testDays)
        case .phaseTestDays(let tier, let phase):
            guard let old = Self.phase(tier, phase, in: preset) else { throw FieldError(field: key, code: .unknownValue) }
            var days: [Int] = []
            for part in text.split(separator: ",") {
                guard let day = Int(String(part).trimmingSpaces()) else { throw FieldError(field: key, code: .format) }
                guard day > (days.last ?? 0) else { throw FieldError(field: key, code: .format) }
                days.append(day)
            }
            preset.quarantine.measures[tier]![phase - 1] = QuarantinePhase(kind: old.kind, days: old.days, testDays: days)
        case .stepDownDays(let level):
            guard let old = preset.riskAreas.stepDown[level] else { throw FieldError(field: key, code: .unknownValue) }
            preset.riskAreas.stepDown[level] = .init(to: old.to, days: try integer(text, 1...28), afterStepDownDays: old.afterStepDownDays)
        case .visitorLookbackDays: preset.riskAreas.visitorLookbackDays = try integer(text, 1...28)
        case .movementRetentionDays: preset.tracing.movementRetentionDays = try integer(text, 1...90)
        }
    }

    private func integer(_ text: String, _ range: ClosedRange<Int>) throws(FieldError) -> Int {
        guard let value = Int(text) else { throw FieldError(field: key, code: .format) }
        guard range.contains(value) else { throw FieldError(field: key, code: .outOfRange) }
        return value
    }

    private func decimal(_ text: String, _ range: ClosedRange<Double>) throws(FieldError) -> Double {
        guard let value = Double(text), value.isFinite else { throw FieldError(field: key, code: .format) }
        guard range.contains(value) else { throw FieldError(field: key, code: .outOfRange) }
        return value
    }

    private static func phase(_ tier: MeasureTier, _ phase: Int, in preset: PolicyPreset) -> QuarantinePhase? {
        guard let measure = preset.quarantine.measures[tier], measure.indices.contains(phase - 1) else { return nil }
        return measure[phase - 1]
    }

    /// Tenths shown without a trailing `.0` only when whole: `3.5`, `37.3`, `2`.
    static func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}

extension PolicyPreset {
    /// The rules that tie one value to another: every test day inside its phase, at least one test per measure, and
    /// movement records kept at least as long as any rule looks back at them.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if tracing.movementRetentionDays < max(tracing.lookbackDays, riskAreas.visitorLookbackDays) {
            errors.append(FieldError(field: PolicyParameter.movementRetentionDays.key, code: .outOfRange))
        }
        for tier in MeasureTier.allCases {
            for (index, phase) in (quarantine.measures[tier] ?? []).enumerated()
            where phase.testDays.contains(where: { $0 < 1 || $0 > phase.days }) {
                errors.append(FieldError(field: PolicyParameter.phaseTestDays(tier, index + 1).key, code: .outOfRange))
            }
            if let measure = quarantine.measures[tier], measure.allSatisfy(\.testDays.isEmpty) {
                errors.append(FieldError(field: PolicyParameter.phaseTestDays(tier, 1).key, code: .missing))
            }
        }
        return errors
    }

    /// A copy with `overrides` (parameter key → typed value) applied, checked value by value and then as a whole.
    /// Every refused value is reported at once.
    public func editing(_ overrides: [String: String]) throws(FieldErrors) -> PolicyPreset {
        var edited = self
        var errors: [FieldError] = []
        for (key, text) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let parameter = PolicyParameter(key: key) else {
                errors.append(FieldError(field: key, code: .unknownValue))
                continue
            }
            do { try parameter.set(text, in: &edited) } catch { errors.append(error) }
        }
        if errors.isEmpty { errors = edited.validate() }
        guard errors.isEmpty else { throw FieldErrors(errors: errors) }
        return edited
    }

    /// The parameters whose values differ from `other`'s, as (parameter, this value, the other's value).
    public func differences(from other: PolicyPreset) -> [(parameter: PolicyParameter, from: String?, to: String?)] {
        var seen = Set<String>()
        var result: [(parameter: PolicyParameter, from: String?, to: String?)] = []
        for parameter in PolicyParameter.all(of: other) + PolicyParameter.all(of: self) where seen.insert(parameter.key).inserted {
            let before = parameter.value(in: other), after = parameter.value(in: self)
            if before != after { result.append((parameter, before, after)) }
        }
        return result
    }
}
