import CordonDomain
import CordonStore

/// A code as the API returns it: the colour, each reason with its rule, fact and clearing in the reader's language.
struct CodeBody: Encodable {
    struct Reason: Encodable {
        let rule: String
        let colour: String
        let sourceKind: String
        let sourceId: Int64?
        let sourceLabel: String?
        let sourceAt: Int64?
        let since: Int64?
        let until: Int64?
        let clearance: String
        let text: String
        let howToClear: String
    }

    let residentId: Int64
    let maskedName: String?
    let relation: String?
    let colour: String
    let reasons: [Reason]
    let policyId: String
    let assessedAt: Int64
    let changesAt: Int64?
    let pass: String?
    let passExpiresAt: Int64?
}

extension CodeBody {
    /// The same object `JSONEncoder` would write (snake-case keys, sorted, nil left out), written directly: this is the
    /// body of the busiest route there is.
    func write(to json: inout JSONText) {
        json.object { o in
            o.field("assessed_at", assessedAt)
            o.field("changes_at", changesAt)
            o.field("colour", colour)
            o.field("masked_name", maskedName)
            o.field("pass", pass)
            o.field("pass_expires_at", passExpiresAt)
            o.field("policy_id", policyId)
            o.key("reasons")
            o.array(reasons) { a, r in
                a.object { o in
                    o.field("clearance", r.clearance)
                    o.field("colour", r.colour)
                    o.field("how_to_clear", r.howToClear)
                    o.field("rule", r.rule)
                    o.field("since", r.since)
                    o.field("source_at", r.sourceAt)
                    o.field("source_id", r.sourceId)
                    o.field("source_kind", r.sourceKind)
                    o.field("source_label", r.sourceLabel)
                    o.field("text", r.text)
                    o.field("until", r.until)
                }
            }
            o.field("relation", relation)
            o.field("resident_id", residentId)
        }
    }
}

/// Words for codes, shared by the citizen's page, the staff page and the API.
struct CodeWords {
    let strings: Strings
    let language: Language

    func text(_ reason: CodeReason) -> String {
        let key = "code_rule_" + reason.rule.rawValue.replacingOccurrences(of: ".", with: "_")
        var label = reason.source.label ?? ""
        if reason.source.kind == .routineTesting { label = strings("routine_rule_\(label)", language) }
        return strings(key, language).replacingOccurrences(of: "{label}", with: label)
            .replacingOccurrences(of: "{at}", with: reason.source.at.map(Format.time) ?? "")
    }

    func howToClear(_ reason: CodeReason) -> String {
        var text = strings("code_clear_\(reason.clearance.rawValue)", language)
        if let until = reason.until {
            text += " " + strings("code_ends_at", language).replacingOccurrences(of: "{time}", with: Format.time(until))
        }
        return text
    }

    func colour(_ colour: CodeColour) -> String { strings("colour_\(colour.rawValue)", language) }

    func body(_ code: StoredCode, maskedName: String?, relation: String?, pass: IssuedPass?) -> CodeBody {
        CodeBody(residentId: code.residentID, maskedName: maskedName, relation: relation, colour: code.colour.rawValue,
                 reasons: code.reasons.map { r in
                     CodeBody.Reason(rule: r.rule.rawValue, colour: r.colour.rawValue, sourceKind: r.source.kind.rawValue, sourceId: r.source.id,
                                     sourceLabel: r.source.label, sourceAt: r.source.at, since: r.since, until: r.until,
                                     clearance: r.clearance.rawValue, text: text(r), howToClear: howToClear(r))
                 },
                 policyId: code.policyID, assessedAt: code.assessedAt, changesAt: code.changesAt, pass: pass?.text, passExpiresAt: pass?.expiresAt)
    }

    /// Rows for a page: plain words, and for staff also the rule id and the fact it read.
    func reasonRows(_ code: StoredCode) -> [ReasonRow] {
        code.reasons.map { r in
            ReasonRow(colour: r.colour.rawValue, text: text(r), clear: howToClear(r), rule: r.rule.rawValue,
                      fact: [r.source.kind.rawValue, r.source.id.map { "#\($0)" }, r.source.label].compactMap { $0 }.joined(separator: " "),
                      since: r.since.map(Format.time) ?? "—", until: r.until.map(Format.time) ?? "—")
        }
    }

    func historyRows(_ changes: [CodeChange]) -> [HistoryRow] {
        changes.map { c in
            HistoryRow(at: Format.time(c.at), from: c.from.map(colour) ?? "—", to: colour(c.to), toClass: c.to.rawValue,
                       why: c.reasons.map(text).joined(separator: strings("list_separator", language)))
        }
    }

    /// One reason for a code's colour on a page: its words, how to clear it, and for staff the rule and the fact.
    struct ReasonRow: PageModel {
        let colour: String
        let text: String
        let clear: String
        let rule: String
        let fact: String
        let since: String
        let until: String
    }

    /// One change of a code's colour on a page: when, from and to, and why.
    struct HistoryRow: PageModel {
        let at: String
        let from: String
        let to: String
        let toClass: String
        let why: String
    }
}
