import CordonDomain
import SQLKit

/// A resident whose routine test is due or overdue, for the grid worker's list.
public struct RoutineDue: Sendable, Hashable, Codable {
    public let residentID: Int64
    public let name: String
    public let idNumber: String
    public let address: String
    public let workGroup: WorkGroup?
    public let lastSampledAt: Int64?
    public let state: RoutineState
}

extension Screening {
    /// What screening knows about the person of `record`: their last sample and result, how long a negative result
    /// counts, open orders and routine testing, under the policy in force at `now`. It takes the record, which only an
    /// audited read gives, so these facts are never read without the audit row.
    ///
    /// The routine rules by area risk read the standing designation over where the person lives.
    public func testingFacts(for record: ResidentRecord, now: Int64? = nil) async throws -> TestingFacts {
        let now = now ?? clock.now()
        let policy = database.policies.inForce(at: now).screening
        return try await database.read { session in
            let id = record.id
            let levels = CodeFacts.designationLevels
            guard let row = try await session.select("SELECT work_group, \(levels.map { "\($0.rawValue)_id" }.joined(separator: ", ")) FROM residents WHERE id = ?",
                                                     binds: [.int(id)], types: [.text] + levels.map { _ in .int }).first
            else { throw StoreError(.notFound, "no such resident") }
            let group = row[0].text
            let designated = try await CodeFacts.designations(session)
            let areaRisk = row.dropFirst().compactMap { $0.int.flatMap { designated[$0]?.risk } }.max()
            let last = try await session.select("""
                SELECT m.sampled_at, t.result FROM tube_members m JOIN tubes t ON t.id = m.tube_id
                WHERE m.resident_id = ? ORDER BY m.sampled_at DESC, m.tube_id DESC LIMIT 1
                """, binds: [.int(id)], types: [.int, .text]).first
            let negative = try await session.select("""
                SELECT MAX(m.sampled_at) FROM tube_members m JOIN tubes t ON t.id = m.tube_id WHERE m.resident_id = ? AND t.result = 'negative'
                """, binds: [.int(id)], types: [.int]).first?[0].int
            let orders = try await session.select("""
                SELECT DISTINCT action FROM screening_orders WHERE resident_id = ? AND closed_at IS NULL ORDER BY action
                """, binds: [.int(id)], types: [.text]).compactMap { $0[0].text.flatMap(ReflexAction.init) }
            let routine = RoutineState(group: group.flatMap(WorkGroup.init), areaRisk: areaRisk, lastSampledAt: last?[0].int, now: now,
                                       policy: policy.routine)
            return TestingFacts(lastSampledAt: last?[0].int, lastResult: last?[1].text.flatMap(TestResult.init), lastNegativeSampledAt: negative,
                                openOrders: orders, workGroup: group.flatMap(WorkGroup.init), routine: routine, policy: policy)
        }
    }

    /// Residents under `area` whose routine test is due or overdue now, overdue first: the grid worker's list for
    /// the day. Only people some rule reaches are considered (a work group, or everyone when the policy says so).
    public func routineDue(area: Area, actor: Actor, now: Int64? = nil, limit: Int = 2_000) async throws -> [RoutineDue] {
        let now = now ?? clock.now()
        guard actor.may(.readResidents), actor.jurisdiction.contains(area) else { throw StoreError(.notFound, "no such area") }
        let policy = database.policies.inForce(at: now).screening.routine
        let groups = policy.intervalHoursByGroup.keys.map(\.rawValue).sorted()
        let reach = policy.everyoneHours != nil ? "" : "AND r.work_group IN (\(groups.isEmpty ? "''" : groups.map { "'\($0)'" }.joined(separator: ",")))"
        // Residents of designated areas owe tests by the area rule whatever their work group; the few standing
        // designations are matched against each resident's ancestors.
        let levels = CodeFacts.designationLevels
        let (rows, designated) = try await database.read { session in
            let designated = try await CodeFacts.designations(session)
            let areaRule = policy.intervalHoursByAreaRisk.isEmpty || designated.isEmpty ? ""
                : " OR " + levels.map { "r.\($0.rawValue)_id IN (SELECT area_id FROM risk_areas WHERE ended_at IS NULL)" }.joined(separator: " OR ")
            let condition = reach.isEmpty ? "" : "AND (\(reach.dropFirst(4))\(areaRule))"
            let rows = try await session.select("""
                SELECT r.id, r.name, r.id_number_masked, r.address, r.work_group,
                       (SELECT MAX(m.sampled_at) FROM tube_members m WHERE m.resident_id = r.id), \(levels.map { "r.\($0.rawValue)_id" }.joined(separator: ", "))
                FROM residents r WHERE \(area.inside("r")) \(condition) ORDER BY r.address, r.id LIMIT 100000
                """, binds: [.int(area.id)], types: [.int, .text, .text, .text, .text, .int] + levels.map { _ in .int })
            return (rows, designated)
        }
        var due: [RoutineDue] = []
        for r in rows {
            let group = r[4].text.flatMap(WorkGroup.init)
            let areaRisk = r[6...].compactMap { $0.int.flatMap { designated[$0]?.risk } }.max()
            let state = RoutineState(group: group, areaRisk: areaRisk, lastSampledAt: r[5].int, now: now, policy: policy)
            guard state.status == .due || state.status == .overdue else { continue }
            due.append(RoutineDue(residentID: r[0].int!, name: r[1].text!, idNumber: r[2].text!, address: r[3].text!, workGroup: group,
                                  lastSampledAt: r[5].int, state: state))
        }
        let overdueFirst = due.filter { $0.state.status == .overdue } + due.filter { $0.state.status == .due }
        return Array(overdueFirst.prefix(max(1, min(limit, 100_000))))
    }

    /// Records the occupational group routine testing reaches a resident through (nil clears it).
    public func setWorkGroup(residentID: Int64, group: WorkGroup?, actor: Actor) async throws {
        try actor.require(.recordWorkGroups)
        let scope = actor.jurisdiction
        try await database.write { session in
            guard try await session.execute("UPDATE residents SET work_group = ? WHERE id = ? AND \(scope.inside()) RETURNING id",
                                           binds: [.text(group?.rawValue), .int(residentID), .int(scope.id)], returning: [.int]).first != nil
            else { throw StoreError(.notFound, "no such resident") }
            try await CodeRefresh.run(session, .ids([residentID]), now: clock.now())
            try await Journal.append(session, actor: actor, action: "resident.work_group", subjectType: "resident", subjectID: "\(residentID)",
                                     reason: group?.rawValue ?? "none")
        }
    }
}
