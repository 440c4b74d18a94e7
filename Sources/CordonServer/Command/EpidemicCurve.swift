import CordonDomain
import CordonStore

/// New cases per day as stacked bars (confirmed below, asymptomatic above), with the Rt estimate's mean drawn over the
/// days it covers on its own scale at the right, where 1 is marked.
enum EpidemicCurve {
    static func svg(_ days: [CaseDay], rt: [ReproductionNumber.Estimate], firstDay: Int, label: String, confirmedLabel: String,
                    asymptomaticLabel: String) -> String {
        let width = 640.0, height = 220.0, left = 34.0, right = 34.0, top = 14.0, bottom = 34.0
        let plot = height - top - bottom
        let peak = Double(max(1, days.map { $0.confirmed + $0.asymptomatic }.max() ?? 1))
        let slot = (width - left - right) / Double(max(1, days.count))
        func y(_ v: Double) -> Double { top + plot * (1 - v / peak) }
        var body = "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(y(0)))\" x2=\"\(SVG.n(width - right))\" y2=\"\(SVG.n(y(0)))\" class=\"grid\"/>"
        body += "<text x=\"2\" y=\"\(SVG.n(top + 10))\" class=\"axis\">\(Int(peak))</text><text x=\"2\" y=\"\(SVG.n(y(0)))\" class=\"axis\">0</text>"
        for (i, d) in days.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15, w = slot * 0.7
            let c = Double(d.confirmed), a = Double(d.asymptomatic)
            if d.confirmed > 0 {
                body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y(c)))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(y(0) - y(c)))\" class=\"confirmed\">"
                body += "<title>\(d.date) \(SVG.escape(confirmedLabel)) \(d.confirmed)</title></rect>"
            }
            if d.asymptomatic > 0 {
                body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y(c + a)))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(y(c) - y(c + a)))\" class=\"asymptomatic\">"
                body += "<title>\(d.date) \(SVG.escape(asymptomaticLabel)) \(d.asymptomatic)</title></rect>"
            }
            if i % 2 == days.count % 2 {
                body += "<text x=\"\(SVG.n(x + w / 2))\" y=\"\(SVG.n(height - bottom + 14))\" text-anchor=\"middle\" class=\"axis\">\(d.date.month)/\(d.date.day)</text>"
            }
        }
        // Rt over the same days: its own scale (0 to the largest upper bound, at least 2), 1 dashed.
        let shown = rt.filter { $0.day >= firstDay }
        if !shown.isEmpty {
            let top2 = max(2, shown.map(\.upper).max() ?? 2)
            func ry(_ v: Double) -> Double { top + plot * (1 - v / top2) }
            func rx(_ day: Int) -> Double { left + slot * (Double(day - firstDay) + 0.5) }
            body += "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(ry(1)))\" x2=\"\(SVG.n(width - right))\" y2=\"\(SVG.n(ry(1)))\" class=\"rt-one\"/>"
            body += "<text x=\"\(SVG.n(width - right + 3))\" y=\"\(SVG.n(ry(1) + 4))\" class=\"axis\">Rt 1</text>"
            let band = shown.map { "\(SVG.n(rx($0.day))),\(SVG.n(ry($0.upper)))" } + shown.reversed().map { "\(SVG.n(rx($0.day))),\(SVG.n(ry($0.lower)))" }
            body += "<polygon points=\"\(band.joined(separator: " "))\" class=\"rt-band\"/>"
            body += "<polyline points=\"\(shown.map { "\(SVG.n(rx($0.day))),\(SVG.n(ry($0.mean)))" }.joined(separator: " "))\" class=\"rt\"/>"
        }
        return SVG.document(width: width, height: height, label: label, body: body)
    }
}
