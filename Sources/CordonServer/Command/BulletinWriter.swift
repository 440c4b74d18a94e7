import CordonDomain
import CordonStore

/// The bulletin (通报) in the plain official style of the city's daily notices, in Chinese or English, every sentence
/// from the string tables with the figures put in. Sentences with nothing to say (no risk area changed) are left out.
struct BulletinWriter {
    let strings: Strings
    let language: Language

    func callAsFunction(_ key: String, _ values: [String: Any]) -> String {
        var text = strings(key, language)
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: "\(value)") }
        return text
    }

    func date(_ d: CivilDate) -> String {
        language == .zh ? "\(d.year)年\(d.month)月\(d.day)日" : d.description
    }

    func text(_ f: BulletinFigures) -> [String] {
        let separator = strings("list_separator", language)
        var paragraphs: [String] = []
        var first = self("bulletin_new", ["date": date(f.date), "area": f.area.name, "confirmed": f.newConfirmed, "asymptomatic": f.newAsymptomatic])
        if !f.parts.isEmpty {
            first += self("bulletin_parts", ["parts": f.parts.map { self("bulletin_part", ["name": $0.name, "confirmed": $0.confirmed, "asymptomatic": $0.asymptomatic]) }
                .joined(separator: separator)])
        }
        if f.newConfirmed + f.newAsymptomatic > 0 {
            first += self("bulletin_found", ["control": f.foundUnderControl, "screening": f.foundByScreening, "other": f.foundOtherwise])
        }
        paragraphs.append(first + self("bulletin_new_end", [:]))
        paragraphs.append(self("bulletin_totals", ["date": date(f.date), "area": f.area.name, "confirmed": f.totalConfirmed, "asymptomatic": f.totalAsymptomatic,
                                                   "treatment": f.underTreatment, "contacts": f.contactsTraced, "measure": f.underMeasure]))
        paragraphs.append(self("bulletin_screening", ["date": date(f.date), "sampled": f.sampled, "positive": f.positiveTubes]))
        var areas = ""
        if !f.designated.isEmpty {
            areas += self("bulletin_designated", ["n": f.designated.count, "names": f.designated.map { "\($0.name)（\(strings("risk_\($0.level.rawValue)", language))）" }
                .joined(separator: separator)])
        }
        if !f.ended.isEmpty { areas += self("bulletin_ended", ["n": f.ended.count, "names": f.ended.map(\.name).joined(separator: separator)]) }
        areas += self("bulletin_standing", ["high": f.standing[.high] ?? 0, "medium": f.standing[.medium] ?? 0, "low": f.standing[.low] ?? 0])
        paragraphs.append(areas)
        paragraphs.append(self("bulletin_close", [:]))
        return paragraphs
    }
}
