/// Small helpers for the charts the server draws as SVG: numbers without noise, text escaped once.
enum SVG {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// A coordinate with at most one decimal.
    static func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }

    /// An `<svg>` with a title for screen readers. It fills its container's width, or with `natural` keeps its own
    /// size and only shrinks to fit (a small graph stays small on a wide screen).
    static func document(width: Double, height: Double, label: String, natural: Bool = false, body: String) -> String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(width)) \(n(height))" width="\(natural ? n(width) : "100%")" role="img" \
        aria-label="\(escape(label))" class="chart"><title>\(escape(label))</title>\(body)</svg>
        """
    }
}
