import CordonDomain

/// The JSON a code's reasons are stored as, written by hand: exactly what `JSONEncoder` with sorted keys writes for
/// `[CodeReason]` (nil fields left out, `/` escaped), a test holds the two equal. Designating an area reassesses
/// everyone in it and everyone who visited, each with reasons, and the generic encoder cost more than the rest of the
/// assessment together.
enum ReasonsJSON {
    static func encode(_ reasons: [CodeReason]) -> String {
        var out = "["
        out.reserveCapacity(reasons.count * 200)
        for (n, r) in reasons.enumerated() {
            if n > 0 { out += "," }
            out += "{\"clearance\":"
            string(r.clearance.rawValue, &out)
            out += ",\"colour\":"
            string(r.colour.rawValue, &out)
            out += ",\"rule\":"
            string(r.rule.rawValue, &out)
            if let since = r.since { out += ",\"since\":" + String(since) }
            out += ",\"source\":{"
            var first = true
            func key(_ name: String) {
                out += first ? "\"\(name)\":" : ",\"\(name)\":"
                first = false
            }
            if let at = r.source.at { key("at"); out += String(at) }
            if let id = r.source.id { key("id"); out += String(id) }
            key("kind")
            string(r.source.kind.rawValue, &out)
            if let label = r.source.label { key("label"); string(label, &out) }
            out += "}"
            if let until = r.until { out += ",\"until\":" + String(until) }
            out += "}"
        }
        return out + "]"
    }

    static func string(_ text: String, _ out: inout String) {
        out += JSONString.quoted(text)
    }
}
