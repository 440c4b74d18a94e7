import CordonDomain

extension Quarantine {
    /// Records a temperature-and-symptoms check for an active measure, by staff (of the site, or of where the person
    /// lives for home quarantine) and raises an alert for a fever or any symptom in the same transaction.
    @discardableResult
    public func recordCheck(assignmentID: Int64, _ check: MonitoringCheck, actor: Actor, now: Int64? = nil) async throws -> [AlertKind] {
        let now = now ?? clock.now()
        try actor.require(.recordMonitoringChecks)
        return try await database.write { session in
            let person = try await Self.activeAssignment(session, assignmentID, actor: actor)
            return try await Self.insertCheck(session, assignmentID: assignmentID, residentID: person, check, bySelf: false, actor: actor, now: now)
        }
    }

    /// A citizen's own check (or a proxied person's) from their phone.
    @discardableResult
    public func reportOwnCheck(residentID: Int64, _ check: MonitoringCheck, actor: Actor, now: Int64? = nil) async throws -> [AlertKind] {
        let now = now ?? clock.now()
        let people = try await ownPeople(actor: actor)
        guard people.contains(residentID) else { throw StoreError(.notFound, "no such resident") }
        return try await database.write { session in
            guard let id = try await session.select("SELECT id FROM quarantine_assignments WHERE resident_id = ? AND status = 'active'",
                                                    binds: [.int(residentID)], types: [.int]).first?[0].int
            else { throw StoreError(.notFound, "no measure to report for") }
            return try await Self.insertCheck(session, assignmentID: id, residentID: residentID, check, bySelf: true, actor: actor, now: now)
        }
    }

    static func insertCheck(_ session: Session, assignmentID: Int64, residentID: Int64, _ check: MonitoringCheck, bySelf: Bool, actor: Actor,
                            now: Int64) async throws -> [AlertKind] {
        let symptoms = check.symptoms.map(\.rawValue).joined(separator: ";")
        try await session.insert(into: "quarantine_checks", columns: ["assignment_id", "at", "temperature_tenths", "symptoms", "by_self", "recorded_by"],
                                 rows: [[.int(assignmentID), .int(now), .int(check.temperatureTenths.map(Int64.init)), .text(symptoms),
                                         .int(bySelf ? 1 : 0), .text(actor.name)]])
        let alerts = check.alerts(feverTenths: session.policy(at: now).healthCode.feverTenths)
        let detail = [check.temperatureTenths.map { "\($0 / 10).\($0 % 10) °C" }, symptoms.isEmpty ? nil : symptoms].compactMap { $0 }.joined(separator: " ")
        try await session.insert(into: "quarantine_alerts", columns: ["assignment_id", "kind", "at", "detail"],
                                 rows: alerts.map { [.int(assignmentID), .text($0.rawValue), .int(now), .text(detail)] })
        try await Journal.append(session, actor: actor, action: bySelf ? "quarantine.check_self" : "quarantine.check", subjectType: "resident",
                                 subjectID: "\(residentID)", reason: "daily check", detail: detail + (alerts.isEmpty ? "" : " → " + alerts.map(\.rawValue).joined(separator: ",")))
        return alerts
    }

    /// Raises a positive-result alert for each of `residents` under an active measure; called by the results upload in
    /// its own transaction, so the site hears of a positive as soon as the lab sends it.
    static func raisePositives(_ session: Session, residents: some Collection<Int64>, detail: String, now: Int64) async throws {
        guard !residents.isEmpty else { return }
        let list = session.list(Array(residents))
        let active = try await session.select("""
            SELECT id FROM quarantine_assignments WHERE status = 'active' AND resident_id IN (\(list.sql))
            """, binds: [list.bind], types: [.int]).compactMap { $0[0].int }
        try await session.insert(into: "quarantine_alerts", columns: ["assignment_id", "kind", "at", "detail"],
                                 rows: active.map { [.int($0), .text(AlertKind.positive.rawValue), .int(now), .text(detail)] })
    }

    /// The open alerts (and, with `resolved`, the recent closed ones) of the measures the actor may see.
    public func alerts(actor: Actor, resolved: Bool = false, limit: Int = 500) async throws -> [AlertRecord] {
        try actor.require(.readQuarantine)
        let scope = Self.scope(actor)
        return try await database.read { session in
            try await session.select("""
                SELECT x.id, x.assignment_id, r.id, r.name, x.kind, x.at, x.detail, x.resolved_at, x.resolution
                FROM quarantine_alerts x JOIN quarantine_assignments q ON q.id = x.assignment_id JOIN residents r ON r.id = q.resident_id
                WHERE \(resolved ? "x.resolved_at IS NOT NULL" : "x.resolved_at IS NULL") AND \(scope.sql)
                ORDER BY x.at DESC, x.id DESC LIMIT \(max(1, min(limit, 5_000)))
                """, binds: scope.binds, types: [.int, .int, .int, .text, .text, .int, .text, .int, .text]).compactMap(Self.alertRecord)
        }
    }

    static func alertRecord(_ r: [SQLValue]) -> AlertRecord? {
        guard let kind = r[4].text.flatMap(AlertKind.init) else { return nil }
        return AlertRecord(id: r[0].int!, assignmentID: r[1].int!, residentID: r[2].int!, name: r[3].text!, kind: kind, at: r[5].int!,
                           detail: r[6].text ?? "", resolvedAt: r[7].int, resolution: r[8].text)
    }

    /// Closes an alert with what was done (a doctor saw them, a retest ordered, transferred to hospital).
    public func resolveAlert(_ id: Int64, resolution: String, actor: Actor, now: Int64? = nil) async throws {
        let now = now ?? clock.now()
        try actor.require(.runQuarantineSites)
        let text = resolution.trimmingSpaces()
        guard !text.isEmpty else { throw QuarantineError(.reasonMissing) }
        try await database.write { session in
            guard let r = try await session.select("SELECT assignment_id FROM quarantine_alerts WHERE id = ? AND resolved_at IS NULL", binds: [.int(id)],
                                                   types: [.int]).first else { throw StoreError(.notFound, "no such open alert") }
            let person = try await Self.visibleAssignment(session, r[0].int!, actor: actor)
            try await session.execute("UPDATE quarantine_alerts SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
                                     binds: [.int(now), .text(actor.name), .text(text), .int(id)])
            try await Journal.append(session, actor: actor, action: "quarantine.alert_resolve", subjectType: "resident", subjectID: "\(person)",
                                     reason: text, detail: "alert \(id)")
        }
    }

    /// The checks recorded for one measure, newest first.
    public func checks(assignmentID: Int64, actor: Actor) async throws -> [CheckRecord] {
        try actor.require(.readQuarantine)
        return try await database.read { session in
            _ = try await Self.visibleAssignment(session, assignmentID, actor: actor)
            return try await Self.checkRows(session, assignmentID)
        }
    }

    static func checkRows(_ session: Session, _ assignmentID: Int64) async throws -> [CheckRecord] {
        try await session.select("""
            SELECT id, at, temperature_tenths, symptoms, by_self, recorded_by FROM quarantine_checks WHERE assignment_id = ? ORDER BY at DESC, id DESC LIMIT 200
            """, binds: [.int(assignmentID)], types: [.int, .int, .int, .text, .int, .text]).map { r in
            CheckRecord(id: r[0].int!, assignmentID: assignmentID, at: r[1].int!, temperatureTenths: r[2].int.map(Int.init),
                        symptoms: (r[3].text ?? "").split(separator: ";").compactMap { Symptom(rawValue: String($0)) }, bySelf: r[4].int == 1,
                        recordedBy: r[5].text ?? "")
        }
    }

    /// The residents a citizen answers for: themselves and those they act for.
    func ownPeople(actor: Actor) async throws -> Set<Int64> {
        let userID = try actor.requireUser(.ownRecords)
        let rows = try await database.read { session in
            try await session.select("""
                SELECT u.resident_id FROM users u WHERE u.id = ? AND u.resident_id IS NOT NULL
                UNION SELECT f.resident_id FROM users u JOIN family_proxies f ON f.proxy_id = u.resident_id WHERE u.id = ?
                """, binds: [.int(userID), .int(userID)], types: [.int])
        }
        return Set(rows.compactMap { $0[0].int })
    }
}
