import CordonDomain
import CordonStore

/// The words tracing pages show for its enumerations, from the string tables.
struct TracingWords {
    let strings: Strings
    let language: Language

    func callAsFunction(_ key: String) -> String { strings(key, language) }
    func classification(_ c: CaseClassification) -> String { self("classification_\(c.rawValue)") }
    func severity(_ s: CaseSeverity) -> String { self("severity_\(s.rawValue)") }
    func discovery(_ d: CaseDiscovery) -> String { self("found_by_\(d.rawValue)") }
    func outcome(_ o: CaseOutcome) -> String { self("outcome_\(o.rawValue)") }
    func tier(_ t: ContactTier) -> String { self("tier_\(t.rawValue)") }
    func route(_ r: ContactRoute) -> String { self("route_\(r.rawValue)") }
    func stage(_ s: LedgerStage) -> String { self("stage_\(s.rawValue)") }

    func options<T: RawRepresentable & CaseIterable & Equatable>(_ type: T.Type, prefix: String, selected: T? = nil) -> [Choice]
    where T.RawValue == String {
        T.allCases.map { value in Choice(value: value.rawValue, label: self("\(prefix)_\(value.rawValue)"), selected: value == selected) }
    }

    func caseRow(_ c: CaseRecord) -> CaseRow {
        CaseRow(id: c.id, name: c.name, classification: c.classification.rawValue, classificationText: classification(c.classification),
                severity: severity(c.severity), foundBy: discovery(c.foundBy), reported: Format.time(c.reportedAt),
                onset: c.onset?.description ?? "—", outcome: outcome(c.outcome), open: c.closedAt == nil)
    }

    /// A case as the case list and the case page show it: who, what kind, how found, when reported, and its outcome.
    struct CaseRow: PageModel {
        let id: Int64
        let name: String
        let classification: String
        let classificationText: String
        let severity: String
        let foundBy: String
        let reported: String
        let onset: String
        let outcome: String
        let open: Bool
    }
}
