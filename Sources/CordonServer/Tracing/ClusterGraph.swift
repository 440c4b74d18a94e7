import CordonDomain
import CordonStore

/// Chains of transmission as a graph: one band per cluster, its cases left to right in the order they were reported,
/// arrows for "contact of" and dashed lines for "same cluster"; each case links to its page.
enum ClusterGraph {
    static func svg(_ clusters: [Cluster], cases: [Int64: CaseRecord], label: String, highlight: Int64? = nil) -> String {
        let width = 640.0, band = 70.0, step = 56.0, left = 30.0
        var body = "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"16\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\">"
        body += "<path d=\"M0,0 L10,5 L0,10 z\" class=\"arrowhead\"/></marker></defs>"
        var y = 10.0
        var used = 0
        for cluster in clusters {
            let ordered = cluster.caseIDs.sorted { (cases[$0]?.reportedAt ?? 0, $0) < (cases[$1]?.reportedAt ?? 0, $1) }
            let perRow = max(1, Int((width - left) / step))
            used = max(used, min(perRow, ordered.count))
            var position: [Int64: (Double, Double)] = [:]
            for (i, id) in ordered.enumerated() {
                let rowIndex = i / perRow, column = i % perRow
                position[id] = (left + Double(column) * step, y + 30 + Double(rowIndex) * band + (column % 2 == 0 ? 0 : 14))
            }
            for link in cluster.links {
                guard let a = position[link.from], let b = position[link.to] else { continue }
                let style = link.kind == .contactOf ? "class=\"edge\" marker-end=\"url(#arrow)\"" : "class=\"edge same\""
                body += "<line x1=\"\(SVG.n(a.0))\" y1=\"\(SVG.n(a.1))\" x2=\"\(SVG.n(b.0))\" y2=\"\(SVG.n(b.1))\" \(style)/>"
            }
            for id in ordered {
                guard let (cx, cy) = position[id] else { continue }
                let kind = cases[id]?.classification.rawValue ?? "suspected"
                let mark = id == highlight ? " current" : ""
                body += "<a href=\"/cases/\(id)\"><circle cx=\"\(SVG.n(cx))\" cy=\"\(SVG.n(cy))\" r=\"11\" class=\"node \(kind)\(mark)\">"
                body += "<title>#\(id) \(SVG.escape(cases[id].map { Masking.name($0.name) } ?? ""))</title></circle>"
                body += "<text x=\"\(SVG.n(cx))\" y=\"\(SVG.n(cy + 4))\" class=\"node-label\" text-anchor=\"middle\">\(id)</text></a>"
            }
            y += band * Double((ordered.count + perRow - 1) / perRow) + 10
        }
        return SVG.document(width: min(width, left * 2 + step * Double(max(used, 1) - 1)), height: max(y, 40), label: label, natural: true, body: body)
    }
}
