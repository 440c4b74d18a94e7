import CordonDomain

extension Tracing {
    /// Registers a case for a resident in the actor's jurisdiction, or confirms a case candidate from screening when
    /// `tubeBarcode` names the positive tube (the candidate's order closes). A person who was a confirmed contact
    /// becomes a link in the chain (contact of each case that found them) and leaves the contact ledger.
    @discardableResult
    public func register(_ new: NewCase, tubeBarcode: String? = nil, actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let problems = new.problems(now: now)
        guard problems.isEmpty else { throw TracingFailure(problems) }
        let scope = actor.jurisdiction
        return try await database.write { session in
            guard try await session.select("SELECT id FROM residents WHERE id = ? AND \(scope.inside())",
                                           binds: [.int(new.residentID), .int(scope.id)], types: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            if try await session.select("SELECT id FROM cases WHERE resident_id = ? AND closed_at IS NULL", binds: [.int(new.residentID)],
                                        types: [.int]).first != nil {
                throw TracingFailure([TracingError(.alreadyACase, field: "resident_id")])
            }
            var tubeID: Int64?
            if let tubeBarcode {
                guard let tube = try await session.select("""
                    SELECT t.id FROM tubes t JOIN tube_members m ON m.tube_id = t.id WHERE t.barcode = ? AND m.resident_id = ?
                    """, binds: [.text(tubeBarcode), .int(new.residentID)], types: [.int]).first?[0].int
                else { throw TracingFailure([TracingError(.unknownPerson, field: "tube")]) }
                tubeID = tube
                try await session.execute("""
                    UPDATE screening_orders SET closed_at = ? WHERE resident_id = ? AND action = 'case_candidate' AND closed_at IS NULL
                    """, binds: [.int(now), .int(new.residentID)])
            }
            let id = try await session.execute("""
                INSERT INTO cases (resident_id, classification, severity, onset_date, sampled_at, reported_at, found_by, treated_at, isolated_at,
                                   outcome, tube_id, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'under_treatment', ?, ?, ?) RETURNING id
                """, binds: [.int(new.residentID), .text(new.classification.rawValue), .text(new.severity.rawValue), SQLValue.text(new.onset?.description),
                             .int(new.sampledAt), .int(new.reportedAt), .text(new.foundBy.rawValue), .text(new.treatedAt.trimmingSpaces()),
                             SQLValue.int(new.isolatedAt), SQLValue.int(tubeID), .text(actor.name), .int(now)], returning: [.int]).first![0].int!
            // The chain: every case that had this person as a confirmed contact led to this one.
            try await session.execute("""
                INSERT INTO case_links (from_case_id, to_case_id, kind, created_by, created_at)
                SELECT DISTINCT l.case_id, ?, 'contact_of', ?, ? FROM contact_links l WHERE l.resident_id = ? AND l.status = 'confirmed'
                ON CONFLICT DO NOTHING
                """, binds: [.int(id), .text(actor.name), .int(now), .int(new.residentID)])
            try await session.execute("UPDATE contacts SET closed_at = ? WHERE resident_id = ? AND closed_at IS NULL",
                                     binds: [.int(now), .int(new.residentID)])
            try await Journal.append(session, actor: actor, action: "case.register", subjectType: "resident", subjectID: "\(new.residentID)",
                                     reason: new.foundBy.rawValue, detail: "case \(id), \(new.classification.rawValue)")
            try await CodeRefresh.run(session, .ids([new.residentID]), now: now)
            return id
        }
    }

    /// Records where a case stands; any outcome but under treatment closes it, and the code follows.
    public func setOutcome(caseID: Int64, _ outcome: CaseOutcome, reason: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.traceCases)
        let reason = reason.trimmingSpaces()
        guard !reason.isEmpty else { throw TracingFailure([TracingError(.reasonMissing, field: "reason")]) }
        try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            try await session.execute("UPDATE cases SET outcome = ?, closed_at = ? WHERE id = ?",
                                     binds: [.text(outcome.rawValue), outcome.closes ? .int(record.closedAt ?? now) : .null, .int(caseID)])
            try await Journal.append(session, actor: actor, action: "case.outcome", subjectType: "resident", subjectID: "\(record.residentID)",
                                     reason: reason, detail: "case \(caseID): \(outcome.rawValue)")
            try await CodeRefresh.run(session, .ids([record.residentID]), now: now)
        }
    }

    /// Cases in the actor's jurisdiction, newest report first.
    public func cases(actor: Actor, openOnly: Bool = false, limit: Int = 500) async throws -> [CaseRecord] {
        try actor.require(.readCases)
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT \(CaseRecord.columns) \(CaseRecord.from) WHERE \(scope.inside("r")) \(openOnly ? "AND k.closed_at IS NULL" : "")
                ORDER BY k.reported_at DESC, k.id DESC LIMIT \(max(1, min(limit, 10_000)))
                """, binds: [.int(scope.id)], types: CaseRecord.types).map(CaseRecord.init(row:))
        }
    }

    /// Which of `ids` the actor may open: none for a role that reads no cases, else those whose person lives in the
    /// actor's jurisdiction. Pages link a case only when it would open (a district's ledger names cases elsewhere).
    public func openableCases(_ ids: Set<Int64>, actor: Actor) async throws -> Set<Int64> {
        guard !ids.isEmpty, actor.may(.readCases) else { return [] }
        let scope = actor.jurisdiction
        let list = Array(ids)
        return try await database.read { session in
            let values = session.list(list)
            return Set(try await session.select("""
                SELECT k.id FROM cases k JOIN residents r ON r.id = k.resident_id
                WHERE k.id IN (SELECT * FROM (\(values.sql)) AS l) AND \(scope.inside("r"))
                """, binds: [values.bind, .int(scope.id)], types: [.int]).compactMap { $0[0].int })
        }
    }

    /// One case, opened through the audit log: the read of a person's case is a read of their data.
    public func openCase(_ caseID: Int64, actor: Actor, now: Int64? = nil) async throws -> CaseRecord {
        let now = now ?? clock.now()
        try actor.require(.readCases)
        return try await database.write { session in
            let record = try await Self.caseRow(session, caseID, actor: actor)
            try await session.execute("INSERT INTO audit_reads (at, user_id, username, resident_id, purpose) VALUES (?, ?, ?, ?, 'case')",
                                     binds: [.int(now), SQLValue.int(actor.userID), .text(actor.name), .int(record.residentID)])
            return record
        }
    }

    /// A case inside the actor's jurisdiction, or not found.
    static func caseRow(_ session: Session, _ caseID: Int64, actor: Actor) async throws -> CaseRecord {
        let scope = actor.jurisdiction
        guard let row = try await session.select("""
            SELECT \(CaseRecord.columns) \(CaseRecord.from) WHERE k.id = ? AND \(scope.inside("r"))
            """, binds: [.int(caseID), .int(scope.id)], types: CaseRecord.types).first else { throw StoreError(.notFound, "no such case") }
        return CaseRecord(row: row)
    }
}
