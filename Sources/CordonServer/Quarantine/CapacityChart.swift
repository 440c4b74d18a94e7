import CordonDomain
import CordonStore

/// The week's forecast as bars: rooms free each day (a shortfall below the line in red), with the occupied rooms
/// stacked above, so the day the sites run out is seen at a glance.
enum CapacityChart {
    static func svg(_ forecast: CapacityForecast, label: String, freeLabel: String, occupiedLabel: String) -> String {
        let width = 640.0, height = 220.0, left = 40.0, top = 16.0, bottom = 40.0
        let plot = height - top - bottom
        let maxValue = Double(max(1, forecast.days.map { max($0.free, 0) + $0.occupied }.max() ?? 1, forecast.rooms))
        let minValue = Double(min(0, forecast.days.map(\.free).min() ?? 0))
        let range = maxValue - minValue
        func y(_ v: Double) -> Double { top + plot * (maxValue - v) / range }
        let slot = (width - left - 10) / Double(max(1, forecast.days.count))
        var body = "<line x1=\"\(SVG.n(left))\" y1=\"\(SVG.n(y(0)))\" x2=\"\(SVG.n(width - 10))\" y2=\"\(SVG.n(y(0)))\" class=\"grid\"/>"
        body += "<text x=\"4\" y=\"\(SVG.n(y(maxValue) + 10))\" class=\"axis\">\(Int(maxValue))</text>"
        body += "<text x=\"4\" y=\"\(SVG.n(y(0)))\" class=\"axis\">0</text>"
        for (i, day) in forecast.days.enumerated() {
            let x = left + slot * Double(i) + slot * 0.15, w = slot * 0.7
            let free = Double(day.free), occupied = Double(day.occupied)
            if free >= 0 {
                body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y(free)))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(y(0) - y(free)))\" class=\"free\">"
                body += "<title>\(SVG.escape(freeLabel)) \(day.free)</title></rect>"
            } else {
                body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y(0)))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(y(free) - y(0)))\" class=\"short\">"
                body += "<title>\(SVG.escape(freeLabel)) \(day.free)</title></rect>"
            }
            let base = max(free, 0)
            body += "<rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y(base + occupied)))\" width=\"\(SVG.n(w))\" height=\"\(SVG.n(y(base) - y(base + occupied)))\" class=\"occupied\">"
            body += "<title>\(SVG.escape(occupiedLabel)) \(day.occupied)</title></rect>"
            body += "<text x=\"\(SVG.n(x + w / 2))\" y=\"\(SVG.n(height - bottom + 16))\" text-anchor=\"middle\" class=\"axis\">\(day.date.month)/\(day.date.day)</text>"
            body += "<text x=\"\(SVG.n(x + w / 2))\" y=\"\(SVG.n(height - bottom + 30))\" text-anchor=\"middle\" class=\"label\">\(day.free)</text>"
        }
        return SVG.document(width: width, height: height, label: label, body: body)
    }
}
