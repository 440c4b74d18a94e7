import CordonDomain

/// The ID number given belongs to nobody registered, or the phone is not theirs: the public form never says which,
/// so it cannot be used to find out who lives here.
public struct ArrivalIdentityMismatch: Error, Sendable {
    public init() {}
}

extension Arrivals {
    /// Staff report for a resident of their jurisdiction.
    @discardableResult
    public func report(_ report: ArrivalReport, residentID: Int64, actor: Actor, now: Int64? = nil) async throws -> ArrivalRecord {
        let now = now ?? clock.now()
        try actor.require(.reportArrivals)
        let scope = actor.jurisdiction
        return try await database.write { session in
            guard try await session.select("SELECT id FROM residents WHERE id = ? AND \(scope.inside())",
                                           binds: [.int(residentID), .int(scope.id)], types: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            return try await Self.file(session, report, residentID: residentID, reportedBy: actor.name, actor: actor, now: now)
        }
    }

    /// A citizen reports for themselves or someone they act for.
    @discardableResult
    public func reportOwn(_ report: ArrivalReport, residentID: Int64, actor: Actor, now: Int64? = nil) async throws -> ArrivalRecord {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.ownRecords)
        return try await database.write { session in
            guard try await session.select("""
                SELECT u.resident_id FROM users u WHERE u.id = ? AND u.resident_id = ?
                UNION SELECT f.resident_id FROM users u JOIN family_proxies f ON f.proxy_id = u.resident_id WHERE u.id = ? AND f.resident_id = ?
                """, binds: [.int(userID), .int(residentID), .int(userID), .int(residentID)], types: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            return try await Self.file(session, report, residentID: residentID, reportedBy: actor.name, actor: actor, now: now)
        }
    }

    /// The public form, without an account: the ID number and phone must be those of a registered resident.
    @discardableResult
    public func reportPublic(_ report: ArrivalReport, idNumber: IDNumber, phone: PhoneNumber, now: Int64? = nil) async throws -> ArrivalRecord {
        let now = now ?? clock.now()
        let keys = registry.cipher.keys()
        let (hash, phoneHash) = (keys.searchHash(idNumber.value), keys.searchHash(phone.value))
        return try await database.write { session in
            guard let r = try await session.select("SELECT id, phone_hash, city_id FROM residents WHERE id_number_hash = ?", binds: [.text(hash)],
                                                   types: [.int, .text, .int]).first, r[1].text == phoneHash,
                  let city = try await Database.area(session.sql, id: r[2].int ?? 0)
            else { throw ArrivalIdentityMismatch() }
            let traveller = Actor(userID: nil, name: "public form", role: .citizen, jurisdiction: city)
            return try await Self.file(session, report, residentID: r[0].int!, reportedBy: "self (public form)", actor: traveller, now: now)
        }
    }

    /// Files the report and sets off its measure in one transaction: the tests it owes, or the quarantine tier (placed
    /// at once when it starts at home, else waiting for a room), and the person's code reassessed.
    static func file(_ session: Session, _ report: ArrivalReport, residentID: Int64, reportedBy: String, actor: Actor, now: Int64) async throws -> ArrivalRecord {
        guard let o = try await session.select("SELECT code, name, risk FROM origins WHERE code = ?", binds: [.text(report.originCode)],
                                               types: [.text, .text, .text]).first
        else { throw FieldErrors(errors: [FieldError(field: "origin_code", code: .unknownArea)]) }
        if try await session.select("SELECT id FROM arrivals WHERE resident_id = ? AND arrived_on = ?",
                                    binds: [.int(residentID), .text(report.arrivedOn.description)], types: [.int]).first != nil {
            throw StoreError(.conflict, "this arrival is already reported")
        }
        let preset = try await session.policy(at: now, resident: residentID)
        let risk = o[2].text.flatMap(AreaRisk.init)
        let measure = preset.arrivals.measure(originRisk: risk)
        var kind = ArrivalMeasureKind.none, tier: MeasureTier?, days: [Int] = []
        switch measure {
        case .none: break
        case .tests(let d)?: kind = .tests; days = d
        case .quarantine(let t)?: kind = .quarantine; tier = t
        }
        var schedule: QuarantineSchedule?
        if let tier { schedule = try QuarantineSchedule(tier: tier, start: now, policy: preset.quarantine) }
        let arrivedAt = report.arrivedOn.startUnixTime()
        let id = try await session.execute("""
            INSERT INTO arrivals (resident_id, origin_code, origin_risk, transport, trip_number, arrived_on, arrived_at, address, measure, tier, policy_id,
                                  reported_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, binds: [.int(residentID), .text(report.originCode), .text(risk?.rawValue), .text(report.transport.rawValue), .text(report.tripNumber),
                         .text(report.arrivedOn.description), .int(arrivedAt), .text(report.address), .text(kind.rawValue), .text(tier?.rawValue),
                         .text(preset.id), .text(reportedBy), .int(now)], returning: [.int]).first![0].int!
        let tests = ArrivalPolicy.tests(arrivalID: id, arrivedAt: arrivedAt, days: days)
        try await session.insert(into: "arrival_tests", columns: ["arrival_id", "day", "due_from", "due_by"],
                                 rows: tests.map { [.int(id), .int(Int64($0.day)), .int($0.dueBy - 86_400), .int($0.dueBy)] })
        try await Journal.append(session, actor: actor, action: "arrival.report", subjectType: "resident", subjectID: "\(residentID)",
                                 reason: "from \(o[1].text!) (\(report.originCode))",
                                 detail: "arrival \(id): \(kind.rawValue)\(tier.map { " \($0.rawValue)" } ?? "")\(days.isEmpty ? "" : " days \(days)")")
        if let tier, let schedule, schedule.centralUntil == nil {
            try await Quarantine.insert(session, [NewAssignment(residentID: residentID, tier: tier, source: .arrival, contactID: nil, arrivalID: id,
                                                                schedule: schedule, policyID: preset.id, roomID: nil, carerID: nil)],
                                        actor: actor, reason: "arrival measure", now: now)
        } else {
            try await CodeRefresh.run(session, .ids([residentID]), now: now)
        }
        guard let record = try await records(session, condition: "a.id = ?", binds: [.int(id)], now: now).first else {
            throw StoreError(.notFound, "no such arrival")
        }
        return record
    }

    /// Arrivals of the last fourteen days of people living in the actor's jurisdiction: the community's task list.
    public func arrivals(actor: Actor, now: Int64? = nil, limit: Int = 2_000) async throws -> [ArrivalRecord] {
        let now = now ?? clock.now()
        try actor.require(.readArrivals)
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await Self.records(session, condition: "a.arrived_at >= ? AND \(scope.inside("r"))",
                                   binds: [.int(now - Int64(ArrivalReport.lateDays) * 86_400), .int(scope.id)], now: now, limit: limit)
        }
    }

    /// A citizen's own arrivals and those of the people they act for.
    public func ownArrivals(actor: Actor, now: Int64? = nil) async throws -> [ArrivalRecord] {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.ownRecords)
        return try await database.read { session in
            try await Self.records(session, condition: """
                a.resident_id IN (SELECT u.resident_id FROM users u WHERE u.id = ? UNION
                                  SELECT f.resident_id FROM users u JOIN family_proxies f ON f.proxy_id = u.resident_id WHERE u.id = ?)
                """, binds: [.int(userID), .int(userID)], now: now, limit: 100)
        }
    }

    static func records(_ session: Session, condition: String, binds: [SQLValue], now: Int64, limit: Int = 2_000) async throws -> [ArrivalRecord] {
        let rows = try await session.select("""
            SELECT a.id, a.resident_id, r.name, a.address, a.origin_code, o.name, a.origin_risk, a.transport, a.trip_number, a.arrived_on, a.measure, a.tier,
                   (SELECT q.id FROM quarantine_assignments q WHERE q.arrival_id = a.id), r.address
            FROM arrivals a JOIN residents r ON r.id = a.resident_id JOIN origins o ON o.code = a.origin_code
            WHERE \(condition) ORDER BY a.arrived_at DESC, a.id DESC LIMIT \(max(1, min(limit, 20_000)))
            """, binds: binds, types: [.int, .int, .text, .text, .text, .text, .text, .text, .text, .text, .text, .text, .int, .text])
        guard !rows.isEmpty else { return [] }
        let list = session.list(rows.map { $0[0].int! })
        var tests: [Int64: [ArrivalRecord.Test]] = [:]
        for r in try await session.select("""
            SELECT t.arrival_id, t.day, t.due_from, t.due_by,
                   (SELECT MIN(m.sampled_at) FROM tube_members m WHERE m.resident_id = a.resident_id AND m.sampled_at >= t.due_from)
            FROM arrival_tests t JOIN arrivals a ON a.id = t.arrival_id WHERE t.arrival_id IN (\(list.sql)) ORDER BY t.arrival_id, t.day
            """, binds: [list.bind], types: [.int, .int, .int, .int, .int]) {
            tests[r[0].int!, default: []].append(.init(day: Int(r[1].int!), dueFrom: r[2].int!, dueBy: r[3].int!, sampledAt: r[4].int))
        }
        return rows.compactMap { r in
            guard let transport = r[7].text.flatMap(Transport.init), let day = r[9].text.flatMap(CivilDate.init(iso:)),
                  let measure = r[10].text.flatMap(ArrivalMeasureKind.init) else { return nil }
            let address = (r[3].text ?? "").isEmpty ? (r[13].text ?? "") : r[3].text!
            return ArrivalRecord(id: r[0].int!, residentID: r[1].int!, name: r[2].text!, address: address, originCode: r[4].text!, originName: r[5].text!,
                                 originRisk: r[6].text.flatMap(AreaRisk.init), transport: transport, tripNumber: r[8].text ?? "", arrivedOn: day,
                                 measure: measure, tier: r[11].text.flatMap(MeasureTier.init), tests: tests[r[0].int!] ?? [], assignmentID: r[12].int)
        }
    }
}

extension ArrivalIdentityMismatch: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "arrival.identity_mismatch" }
}
