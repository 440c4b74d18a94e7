/// Occupational groups that routine testing (常态化核酸检测) reaches at set frequencies: the posts most exposed to
/// imported or community infection (重点人群 "应检尽检"; everyone else tests by choice, "愿检尽检"). A resident belongs
/// to at most one; the preset in force says how often each group tests.
public enum WorkGroup: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ports, quarantine sites, imported cold chain, designated hospitals' isolation wards: 高风险岗位.
    case highRiskPost = "high_risk_post"
    /// Staff of hospitals, clinics and pharmacies.
    case medical
    /// Schools, nurseries, elderly care and welfare institutions.
    case careAndSchools = "care_and_schools"
    /// Delivery, retail, markets, public transport, hotels and other public-facing work.
    case publicFacing = "public_facing"

    /// Parses the CSV and form spelling; empty means none.
    public static func parse(_ text: String) throws(FieldError.Code) -> WorkGroup? {
        let name = text.trimmingSpaces()
        if name.isEmpty { return nil }
        guard let group = WorkGroup(rawValue: name) else { throw .unknownValue }
        return group
    }
}
