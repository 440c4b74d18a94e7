import CordonDomain
import CordonStore

/// An outbreak as the epidemiologists work it, through the same calls the API makes: a screening positive becomes
/// the first case, its contacts are found and confirmed and followed through the ledger at every stage (some late),
/// one of them falls ill (a chain), a third case joins the cluster, a market on the first case's trajectory becomes a
/// risk point, and a fourth case waits with its contacts still to be decided. Deterministic for a given city.
public struct OutbreakTracer: Sendable {
    public let tracing: Tracing
    public let screening: Screening

    public init(tracing: Tracing, screening: Screening) {
        self.tracing = tracing
        self.screening = screening
    }

    public struct Summary: Sendable, Hashable {
        public var cases = 0
        public var contacts = 0
        public var riskPoints = 0
        public var clusterSize = 0
    }

    public func run(actor: Actor, now: Int64 = UnixTime.now()) async throws -> Summary {
        let hour: Int64 = 3_600
        var summary = Summary()
        let candidate = try await screening.caseCandidates(actor: actor, limit: 1).first
        let people = try await busiest(limit: 3, since: now - 4 * 86_400, actor: actor).filter { $0 != candidate?.residentID }
        guard people.count >= 2 else { return summary }

        // The first case: found in screening, isolated 30 hours ago.
        let a = try await register(people[0], .confirmed, found: .screening, tube: nil, reportedAt: now - 30 * hour, actor: actor)
        summary.cases += 1
        try await tracing.propose(caseID: a, actor: actor, now: now - 29 * hour)
        let close = try await tracing.links(caseID: a, actor: actor).filter { $0.status == .proposed && $0.tier == .close }
        var confirmed: [Int64] = []
        for link in close.prefix(40) where !confirmed.contains(link.residentID) {
            try await tracing.decide(linkID: link.id, confirm: true, reason: "", actor: actor, now: now - 29 * hour)
            confirmed.append(link.residentID)
        }
        if let doubtful = close.first(where: { !confirmed.contains($0.residentID) }) {
            try await tracing.decide(linkID: doubtful.id, confirm: false, reason: "核实当时不在场", actor: actor, now: now - 28 * hour)
        }
        // Follow-up at every stage: the n-th contact has done n mod 5 stages, so some are still waiting to be told.
        let ledger = try await tracing.ledger(actor: actor, filter: .all, limit: 1_000, now: now)
        for (n, entry) in ledger.enumerated() {
            for (i, stage) in LedgerStage.allCases.prefix(n % 5).enumerated() {
                try await tracing.record(contactID: entry.contactID, stage: stage, at: entry.clock.confirmedAt + Int64(i + 1) * hour,
                                         note: "演示", actor: actor, now: now)
            }
        }
        summary.contacts = ledger.count

        // A market on the first case's trajectory becomes a risk point.
        let trajectory = try await tracing.trajectory(caseID: a, actor: actor, now: now)
        if let scan = trajectory.items.first(where: { $0.source == .scan }), let venue = scan.venueID {
            try await tracing.markRiskPoint(caseID: a, venueID: venue, span: scan.span, actor: actor, now: now - 28 * hour)
            summary.riskPoints += 1
        }

        // A close contact under control falls ill: the chain grows, and their own contacts are found.
        var cluster = [a]
        if let contact = confirmed.first {
            let b = try await register(contact, .confirmed, found: .contactManagement, tube: nil, reportedAt: now - 10 * hour, actor: actor)
            try await tracing.propose(caseID: b, actor: actor, now: now - 9 * hour)
            for link in try await tracing.links(caseID: b, actor: actor).filter({ $0.status == .proposed }).prefix(10) {
                try await tracing.decide(linkID: link.id, confirm: true, reason: "", actor: actor, now: now - 9 * hour)
            }
            cluster.append(b)
            summary.cases += 1
        }
        // A third case the epidemiologists tie to the same cluster (the same workplace).
        let c = try await register(people[1], .asymptomatic, found: .screening, tube: nil, reportedAt: now - 6 * hour, actor: actor)
        try await tracing.linkCases(from: cluster.last!, to: c, actor: actor, now: now - 5 * hour)
        cluster.append(c)
        summary.cases += 1
        summary.clusterSize = cluster.count

        // A fourth case, just reported: a fever clinic's positive tube (the candidate screening raised) when there is one,
        // its contacts proposed and waiting for a decision.
        if let candidate, max(candidate.resultedAt, candidate.sampledAt) <= now {
            let reported = max(candidate.resultedAt, candidate.sampledAt)
            let d = try await tracing.register(NewCase(residentID: candidate.residentID, classification: .confirmed, severity: .mild,
                                                       onset: CivilDate(unixTime: candidate.sampledAt), sampledAt: candidate.sampledAt,
                                                       reportedAt: reported, foundBy: .feverClinic, treatedAt: "市第一人民医院", isolatedAt: reported),
                                               tubeBarcode: candidate.barcode, actor: actor, now: now)
            try await tracing.propose(caseID: d, actor: actor, now: now)
            summary.cases += 1
        } else if people.count > 2 {
            let d = try await register(people[2], .confirmed, found: .feverClinic, tube: nil, reportedAt: now - 2 * hour, actor: actor)
            try await tracing.propose(caseID: d, actor: actor, now: now - hour)
            summary.cases += 1
        }
        return summary
    }

    private func register(_ resident: Int64, _ classification: CaseClassification, found: CaseDiscovery, tube: String?, reportedAt: Int64,
                          actor: Actor) async throws -> Int64 {
        let onset = classification == .asymptomatic ? nil : CivilDate(unixTime: reportedAt).adding(days: -1)
        return try await tracing.register(NewCase(residentID: resident, classification: classification, severity: classification == .asymptomatic ? .none : .mild,
                                                  onset: onset, sampledAt: reportedAt - 4 * 3_600, reportedAt: reportedAt, foundBy: found,
                                                  treatedAt: "市第二人民医院", isolatedAt: reportedAt), tubeBarcode: tube, actor: actor, now: reportedAt)
    }

    /// People with the most venue visits lately, from different households: cases with a trajectory to trace.
    private func busiest(limit: Int, since: Int64, actor: Actor) async throws -> [Int64] {
        let scope = actor.jurisdiction
        return try await tracing.registry.database.read { session in
            var seen: Set<Int64> = []
            var people: [Int64] = []
            for r in try await session.select("""
                SELECT v.resident_id, r.household_id, COUNT(*) FROM venue_visits v JOIN residents r ON r.id = v.resident_id
                WHERE v.entered_at >= ? AND v.resident_id IN (SELECT id FROM residents WHERE \(scope.level.rawValue)_id = ? ORDER BY id LIMIT 20000)
                GROUP BY v.resident_id, r.household_id ORDER BY 3 DESC, 1 LIMIT 50
                """, binds: [.int(since), .int(scope.id)], types: [.int, .int, .int]) where seen.insert(r[1].int!).inserted {
                people.append(r[0].int!)
                if people.count == limit { break }
            }
            return people
        }
    }
}
