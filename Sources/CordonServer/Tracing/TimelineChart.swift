import CordonDomain
import CordonStore

/// A case's trajectory drawn against its exposure window: one row per place, a bar for the time there, scans and
/// interview entries in different colours, a tick at every midnight.
enum TimelineChart {
    static func svg(_ trajectory: Trajectory, label: String, scanLabel: String, interviewLabel: String) -> String {
        let window = trajectory.window
        let left = 150.0, width = 640.0, row = 24.0, top = 28.0
        let span = Double(max(1, window.end - window.start))
        func x(_ t: Int64) -> Double { left + (width - left - 10) * Double(min(max(t, window.start), window.end) - window.start) / span }
        let height = top + row * Double(max(1, trajectory.items.count)) + 24
        var body = ""
        var day = CivilDate(unixTime: window.start)
        while day.startUnixTime() <= window.end {
            let t = day.startUnixTime()
            if t >= window.start {
                body += "<line x1=\"\(SVG.n(x(t)))\" y1=\"\(SVG.n(top - 8))\" x2=\"\(SVG.n(x(t)))\" y2=\"\(SVG.n(height - 20))\" class=\"grid\"/>"
                body += "<text x=\"\(SVG.n(x(t) + 2))\" y=\"14\" class=\"axis\">\(day.month)/\(day.day)</text>"
            }
            day = day.adding(days: 1)
        }
        for (i, item) in trajectory.items.enumerated() {
            let y = top + row * Double(i)
            let kind = item.source == .scan ? "scan" : "interview"
            let x0 = x(item.startedAt), x1 = max(x(item.endedAt), x0 + 3)
            body += "<text x=\"4\" y=\"\(SVG.n(y + 15))\" class=\"label\">\(SVG.escape(String(item.place.prefix(12))))</text>"
            body += "<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(y + 4))\" width=\"\(SVG.n(x1 - x0))\" height=\"14\" rx=\"3\" class=\"\(kind)\">"
            body += "<title>\(SVG.escape(item.place)) \(Format.time(item.startedAt))–\(Format.time(item.endedAt))</title></rect>"
        }
        let legendY = height - 6
        body += "<rect x=\"\(SVG.n(left))\" y=\"\(SVG.n(legendY - 9))\" width=\"10\" height=\"10\" class=\"scan\"/>"
        body += "<text x=\"\(SVG.n(left + 14))\" y=\"\(SVG.n(legendY))\" class=\"axis\">\(SVG.escape(scanLabel))</text>"
        body += "<rect x=\"\(SVG.n(left + 120))\" y=\"\(SVG.n(legendY - 9))\" width=\"10\" height=\"10\" class=\"interview\"/>"
        body += "<text x=\"\(SVG.n(left + 134))\" y=\"\(SVG.n(legendY))\" class=\"axis\">\(SVG.escape(interviewLabel))</text>"
        return SVG.document(width: width, height: height, label: label, body: body)
    }
}
