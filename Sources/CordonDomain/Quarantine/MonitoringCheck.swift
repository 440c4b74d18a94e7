/// Symptoms a person under a measure reports, or staff record, at a daily check (每日健康监测).
public enum Symptom: String, Sendable, Hashable, Codable, CaseIterable {
    case cough
    case soreThroat = "sore_throat"
    case fatigue
    case lossOfSmell = "loss_of_smell"
    case shortnessOfBreath = "shortness_of_breath"
    case diarrhoea
}

/// What a check, a result or a move raises for the site's staff to act on.
public enum AlertKind: String, Sendable, Hashable, Codable, CaseIterable {
    case fever
    case symptoms
    /// A sample of the person came back positive: they become a case, not a release.
    case positive
}

/// One temperature-and-symptoms check. Temperatures are in tenths of a degree, like the checkpoints'.
public struct MonitoringCheck: Sendable, Hashable, Codable {
    public let temperatureTenths: Int?
    public let symptoms: [Symptom]

    /// The range a thermometer reading can take; anything else is a typing error.
    public static let plausibleTenths = 340...430

    public init(temperatureTenths: Int?, symptoms: [Symptom]) throws(QuarantineError) {
        if let t = temperatureTenths, !Self.plausibleTenths.contains(t) { throw QuarantineError(.temperatureOutOfRange) }
        guard temperatureTenths != nil || !symptoms.isEmpty else { throw QuarantineError(.emptyCheck) }
        self.temperatureTenths = temperatureTenths
        self.symptoms = Array(Set(symptoms)).sorted { $0.rawValue < $1.rawValue }
    }

    /// The alerts this check raises at the policy's fever line.
    public func alerts(feverTenths: Int) -> [AlertKind] {
        var kinds: [AlertKind] = []
        if let t = temperatureTenths, t >= feverTenths { kinds.append(.fever) }
        if !symptoms.isEmpty { kinds.append(.symptoms) }
        return kinds
    }

    /// Reads `36.6` or `366` (tenths) as typed on a phone; nil for an empty field.
    public static func parseTemperature(_ text: String) throws(QuarantineError) -> Int? {
        let t = text.trimmingSpaces()
        if t.isEmpty { return nil }
        // Bounded before any arithmetic: a long run of digits would overflow `* 10` and trap.
        if let whole = Int(t), abs(whole) < 10_000 { return whole >= 100 ? whole : whole * 10 }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let units = Int(parts[0]), abs(units) < 1_000, parts[1].count == 1, let tenth = Int(parts[1]), tenth >= 0 else {
            throw QuarantineError(.temperatureOutOfRange)
        }
        return units * 10 + tenth
    }

    /// Reads a `;`- or `,`-separated symptom list, refusing names it does not know.
    public static func parseSymptoms(_ text: String) throws(QuarantineError) -> [Symptom] {
        var out: [Symptom] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "," }) {
            let name = String(part).trimmingSpaces()
            if name.isEmpty { continue }
            guard let symptom = Symptom(rawValue: name) else { throw QuarantineError(.unknownSymptom) }
            out.append(symptom)
        }
        return out
    }
}
