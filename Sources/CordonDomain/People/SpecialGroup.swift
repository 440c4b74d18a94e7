/// Groups that need care during lockdown: the seeds route dialysis and chemotherapy patients, pregnant women
/// and people living alone to named services, so these are stored as facts, not free text.
public enum SpecialGroup: String, Sendable, Codable, CaseIterable {
    case elderly
    case child
    case pregnant
    case dialysis
    case chemotherapy
    case disabled
    case livingAlone = "living_alone"

    /// Groups that follow from age alone and therefore are never stored, only derived.
    public static func derived(birthDate: CivilDate, on today: CivilDate) -> [SpecialGroup] {
        let age = birthDate.age(on: today)
        if age >= 60 { return [.elderly] }
        if age < 14 { return [.child] }
        return []
    }

    /// Groups a person declares or a grid worker records; `elderly` and `child` come from the birth date instead.
    public static let recorded: [SpecialGroup] = [.pregnant, .dialysis, .chemotherapy, .disabled, .livingAlone]

    /// Parses a `;`-separated list such as `dialysis;living_alone`.
    public static func parseList(_ text: String) throws(FieldError.Code) -> [SpecialGroup] {
        var groups: [SpecialGroup] = []
        if text.isEmpty { return groups }
        for part in text.split(separator: ";") {
            let name = String(part).trimmingSpaces()
            if name.isEmpty { continue }
            guard let group = SpecialGroup(rawValue: name), recorded.contains(group) else { throw .unknownValue }
            if !groups.contains(group) { groups.append(group) }
        }
        return groups
    }
}
