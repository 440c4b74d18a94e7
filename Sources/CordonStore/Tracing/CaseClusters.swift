import CordonDomain

extension Tracing {
    /// Clusters of the cases in the actor's jurisdiction, with growth over the last `recentDays` days.
    public func clusters(actor: Actor, recentDays: Int = 7, now: Int64? = nil) async throws -> (clusters: [Cluster], cases: [Int64: CaseRecord]) {
        let now = now ?? clock.now()
        let cases = try await self.cases(actor: actor, limit: 10_000)
        let links = try await database.read { session in
            try await session.select("SELECT from_case_id, to_case_id, kind FROM case_links", binds: [], types: [.int, .int, .text]).map {
                CaseLink(from: $0[0].int!, to: $0[1].int!, kind: $0[2].text.flatMap(CaseLinkKind.init) ?? .sameCluster)
            }
        }
        let clusters = Clusters.group(cases: cases.map { ($0.id, $0.reportedAt) }, links: links, recentSince: now - Int64(recentDays) * 86_400)
        return (clusters, Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    }

    /// Links two cases the epidemiologist judges one cluster.
    public func linkCases(from: Int64, to: Int64, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        guard from != to else { throw TracingFailure([TracingError(.contactIsCase, field: "to_case_id")]) }
        try await database.write { session in
            _ = try await Self.caseRow(session, from, actor: actor)
            _ = try await Self.caseRow(session, to, actor: actor)
            guard try await session.select("SELECT 1 FROM case_links WHERE from_case_id = ? AND to_case_id = ?", binds: [.int(to), .int(from)],
                                           types: [.int]).isEmpty else { throw StoreError(.conflict, "these cases are already linked") }
            guard try await session.execute("""
                INSERT INTO case_links (from_case_id, to_case_id, kind, created_by, created_at) VALUES (?, ?, 'same_cluster', ?, ?)
                ON CONFLICT DO NOTHING RETURNING from_case_id
                """, binds: [.int(from), .int(to), .text(actor.name), .int(now)], returning: [.int]).first != nil
            else { throw StoreError(.conflict, "these cases are already linked") }
            try await Journal.append(session, actor: actor, action: "case.link", subjectType: "case", subjectID: "\(to)", reason: "same cluster",
                                     detail: "case \(from) – case \(to)")
        }
    }
}
