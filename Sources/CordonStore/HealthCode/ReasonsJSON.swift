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
            out += JSONString.quoted(r.clearance.rawValue)
            out += ",\"colour\":"
            out += JSONString.quoted(r.colour.rawValue)
            out += ",\"rule\":"
            out += JSONString.quoted(r.rule.rawValue)
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
            out += JSONString.quoted(r.source.kind.rawValue)
            if let label = r.source.label { key("label"); out += JSONString.quoted(label) }
            out += "}"
            if let until = r.until { out += ",\"until\":" + String(until) }
            out += "}"
        }
        return out + "]"
    }

}
