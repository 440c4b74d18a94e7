/// A link between two cases in a chain of transmission.
public enum CaseLinkKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The later case was a traced contact of the earlier one.
    case contactOf = "contact_of"
    /// The epidemiologist judged them one cluster (a shared place, a shared source).
    case sameCluster = "same_cluster"
}

public struct CaseLink: Sendable, Hashable, Codable {
    public let from: Int64
    public let to: Int64
    public let kind: CaseLinkKind

    public init(from: Int64, to: Int64, kind: CaseLinkKind) {
        self.from = from
        self.to = to
        self.kind = kind
    }
}

/// A cluster: cases connected by links, with its size and how many joined lately.
public struct Cluster: Sendable, Hashable, Codable {
    public let caseIDs: [Int64]
    public let links: [CaseLink]
    /// Cases reported in the last `days` days before the moment asked about.
    public let recent: Int

    public var size: Int { caseIDs.count }
}

public enum Clusters {
    /// Connected groups of cases (union-find over the links), largest first, then by earliest case. Single cases with
    /// no link are clusters of one.
    public static func group(cases: [(id: Int64, reportedAt: Int64)], links: [CaseLink], recentSince: Int64) -> [Cluster] {
        var parent: [Int64: Int64] = [:]
        for c in cases { parent[c.id] = c.id }
        func root(_ x: Int64) -> Int64 {
            var x = x
            while let p = parent[x], p != x {
                parent[x] = parent[p] ?? p
                x = p
            }
            return x
        }
        let known = links.filter { parent[$0.from] != nil && parent[$0.to] != nil }
        for link in known {
            let a = root(link.from), b = root(link.to)
            if a != b { parent[max(a, b)] = min(a, b) }
        }
        var members: [Int64: [Int64]] = [:]
        let reported = Dictionary(cases.map { ($0.id, $0.reportedAt) }, uniquingKeysWith: { a, _ in a })
        for c in cases { members[root(c.id), default: []].append(c.id) }
        var linksByRoot: [Int64: [CaseLink]] = [:]
        for link in known { linksByRoot[root(link.from), default: []].append(link) }
        return members.map { (r, ids) in
            Cluster(caseIDs: ids.sorted(), links: linksByRoot[r] ?? [], recent: ids.filter { (reported[$0] ?? 0) >= recentSince }.count)
        }.sorted { ($1.size, $0.caseIDs[0]) < ($0.size, $1.caseIDs[0]) }
    }

    /// The chain around one case: its cluster's cases ordered from the earliest report, so a case page can show where
    /// it came from and whom it led to.
    public static func chain(of caseID: Int64, in clusters: [Cluster]) -> Cluster? {
        clusters.first { $0.caseIDs.contains(caseID) }
    }
}
