import CordonDomain
import Foundation

/// The city's policy: versions copied from the presets and edited, and the decisions that apply one from a moment on,
/// for the city or a district, with the response mode (常态化 / 应急处置). A decision that has begun reassesses the codes
/// it covers and, when asked, re-lays the schedules of people under a measure; until then it waits in the schedule.
public struct Policies: Sendable {
    public let registry: Registry
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    /// The commander decides for the city, a district officer for their district.
    static func requireDecider(_ actor: Actor, district: Int64?) throws {
        try actor.require(.decidePolicy)
        if actor.isOperator { return }
        let scope = actor.jurisdiction
        guard scope.level == .city || (scope.level == .district && district == scope.id) else {
            throw StoreError(.forbidden, "policy is decided for the city at the city, and for a district in that district")
        }
    }

    /// Versions are written by those who decide, for the scope they decide for.
    static func requireAuthor(_ actor: Actor) throws {
        try requireDecider(actor, district: actor.jurisdiction.level == .district ? actor.jurisdiction.id : nil)
    }

    // MARK: Versions

    public func versions(actor: Actor) async throws -> [PolicyVersionRecord] {
        try actor.require(.readPolicy)
        return try await database.read { session in try await Self.versionRows(session) }
    }

    public func version(_ id: String, actor: Actor) async throws -> PolicyVersionRecord {
        guard let found = try await versions(actor: actor).first(where: { $0.id == id }) else { throw StoreError(.notFound, "no such version") }
        return found
    }

    /// Copies `basedOn` (a preset, template or version) with `overrides` applied, all checked first.
    @discardableResult
    public func createVersion(name: String, basedOn: String, overrides: [String: String], actor: Actor, now: Int64? = nil) async throws -> String {
        let now = now ?? clock.now()
        try Self.requireAuthor(actor)
        let name = name.trimmingSpaces()
        guard !name.isEmpty else { throw FieldErrors(errors: [FieldError(field: "name", code: .missing)]) }
        guard let base = database.policies.schedule.presets[basedOn] else { throw FieldErrors(errors: [FieldError(field: "based_on", code: .unknownValue)]) }
        // A copy of a version starts from the built-in preset that version came from, with both sets of changes.
        let (root, merged) = try await database.read { session in try await Self.root(of: base.id, overrides, session) }
        _ = try Self.preset(id: "unsaved", name: name, root: root, merged)  // checks every value before anything is written
        let id = try await database.write { session in
            let count = try await session.select("SELECT COUNT(*) FROM policy_versions", binds: [], types: [.int]).first![0].int!
            let id = "city-\(count + 1)"
            try await session.execute("""
                INSERT INTO policy_versions (id, name, based_on, overrides, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
                """, binds: [.text(id), .text(name), .text(root), .text(Self.encode(merged)), .text(actor.name), .int(now)])
            try await Journal.append(session, actor: actor, action: "policy.version.create", subjectType: "policy", subjectID: id,
                                     reason: name, detail: "from \(basedOn): \(Self.encode(merged))")
            return id
        }
        try await database.reloadPolicies()
        return id
    }

    /// Changes a version's values while no decision names it.
    public func updateVersion(_ id: String, name: String, overrides: [String: String], actor: Actor) async throws {
        try Self.requireAuthor(actor)
        let name = name.trimmingSpaces()
        guard !name.isEmpty else { throw FieldErrors(errors: [FieldError(field: "name", code: .missing)]) }
        try await database.write { session in
            guard let row = try await session.select("SELECT based_on FROM policy_versions WHERE id = ?", binds: [.text(id)], types: [.text]).first
            else { throw StoreError(.notFound, "no such version") }
            guard try await session.select("SELECT id FROM policy_activations WHERE preset_id = ? LIMIT 1", binds: [.text(id)], types: [.int]).isEmpty
            else { throw StoreError(.conflict, "this version has been applied: copy it to change it") }
            _ = try Self.preset(id: id, name: name, root: row[0].text!, overrides)
            try await session.execute("UPDATE policy_versions SET name = ?, overrides = ? WHERE id = ?",
                                     binds: [.text(name), .text(Self.encode(overrides)), .text(id)])
            try await Journal.append(session, actor: actor, action: "policy.version.update", subjectType: "policy", subjectID: id,
                                     reason: name, detail: Self.encode(overrides))
        }
        try await database.reloadPolicies()
    }

    // MARK: Decisions

    public func decisions(actor: Actor, limit: Int = 200) async throws -> [PolicyDecision] {
        try actor.require(.readPolicy)
        let schedule = database.policies.schedule
        return try await database.read { session in
            try await session.select("""
                SELECT \(Self.activationColumns), a.name, p.reschedule, p.reason, p.decided_by, p.decided_at, p.applied_at
                FROM policy_activations p LEFT JOIN areas a ON a.id = p.district_id ORDER BY p.starts_at DESC, p.id DESC LIMIT ?
                """, binds: [.int(Int64(limit))], types: Self.activationTypes + [.text, .int, .text, .text, .int, .int]).map { r in
                let activation = Self.activation(r)
                return PolicyDecision(activation: activation, presetName: schedule.presets[activation.presetID]?.name ?? activation.presetID,
                                      districtName: r[6].text, reschedule: r[7].int == 1, reason: r[8].text!, decidedBy: r[9].text!,
                                      decidedAt: r[10].int!, appliedAt: r[11].int)
            }
        }
    }

    /// What applying `presetID` from `from` would change for the city or `district`: the values, and the people
    /// under a measure whose release date would move if their schedules were re-laid.
    public func preview(presetID: String, from: Int64, district: Int64? = nil, actor: Actor) async throws -> PolicyPreview {
        try actor.require(.readPolicy)
        let schedule = database.policies.schedule
        guard let proposed = schedule.presets[presetID] else { throw FieldErrors(errors: [FieldError(field: "preset", code: .unknownValue)]) }
        let current = schedule.inForce(at: from, district: district)
        let scope = try await scopeArea(district: district, actor: actor)
        return try await database.read { session in
            let measures = try await Self.activeMeasures(session, scope: scope)
            var moved: [PolicyPreview.Reschedule] = []
            var dropped = Set<MeasureTier>()
            for m in measures {
                guard let schedule = try? QuarantineSchedule(tier: m.tier, start: m.startsAt, policy: proposed.quarantine) else {
                    dropped.insert(m.tier)
                    continue
                }
                if schedule.end != m.endsAt {
                    moved.append(.init(assignmentID: m.id, residentID: m.residentID, maskedName: Masking.name(m.name), tier: m.tier,
                                       endsAt: m.endsAt, newEndsAt: schedule.end))
                }
            }
            return PolicyPreview(current: current, proposed: proposed, differences: proposed.differences(from: current),
                                 underMeasure: measures.count, rescheduled: moved, tiersDropped: dropped.sorted { $0.rawValue < $1.rawValue })
        }
    }

    /// Applies `presetID` from `from` (now, or later) for the city or `district`, in `mode` at `level`. When it has
    /// already begun, its effects are carried out in the same transaction; otherwise `Housekeeping` does it when due.
    @discardableResult
    public func decide(presetID: String, from: Int64, district: Int64? = nil, mode: ResponseMode, level: ResponseLevel? = nil,
                       reschedule: Bool, reason: String, actor: Actor, now: Int64? = nil) async throws -> Int64 {
        let now = now ?? clock.now()
        try Self.requireDecider(actor, district: district)
        let reason = reason.trimmingSpaces()
        var errors: [FieldError] = []
        if reason.isEmpty { errors.append(FieldError(field: "reason", code: .missing)) }
        if database.policies.schedule.presets[presetID] == nil || PolicyPreset.templates.contains(where: { $0.id == presetID }) {
            errors.append(FieldError(field: "preset", code: .unknownValue))
        }
        if mode == .emergency && level == nil { errors.append(FieldError(field: "level", code: .missing)) }
        // A decision may be dated a little back (taken at a meeting an hour ago) but never rewrite a past day.
        if from < now - 86_400 { errors.append(FieldError(field: "from", code: .outOfRange)) }
        guard errors.isEmpty else { throw FieldErrors(errors: errors) }
        if let district {
            guard let area = try await database.area(id: district), area.level == .district else {
                throw FieldErrors(errors: [FieldError(field: "district", code: .unknownArea)])
            }
        }
        let id = try await database.write { session in
            let id = try await session.execute("""
                INSERT INTO policy_activations (preset_id, starts_at, district_id, mode, level, reschedule, reason, decided_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, binds: [.text(presetID), .int(from), .int(district), .text(mode.rawValue), .int(mode == .emergency ? level.map { Int64($0.rawValue) } : nil),
                             .int(reschedule ? 1 : 0), .text(reason), .text(actor.name), .int(now)], returning: [.int]).first![0].int!
            let level = mode == .emergency ? level.map { ", level \($0.rawValue)" } ?? "" : ""
            try await Journal.append(session, actor: actor, action: "policy.decide", subjectType: district.map { _ in "area" } ?? "city",
                                     subjectID: district.map(String.init) ?? "city", reason: reason,
                                     detail: "\(presetID) from \(from), \(mode.rawValue)\(level)\(reschedule ? ", schedules re-laid" : "")")
            return id
        }
        try await database.reloadPolicies()
        if from <= now { try await applyDue(now: now) }
        return id
    }

    /// Carries out every decision that has begun and is not yet applied: re-lays schedules where asked, then
    /// reassesses the codes of the city or district it covers. Each decision in its own transaction, read again
    /// inside it so two servers apply it once.
    @discardableResult
    public func applyDue(now: Int64? = nil) async throws -> Int {
        let now = now ?? clock.now()
        try await database.reloadPolicies()
        let due = try await database.read { session in
            try await session.select("SELECT id FROM policy_activations WHERE applied_at IS NULL AND starts_at <= ? ORDER BY starts_at, id",
                                     binds: [.int(now)], types: [.int]).compactMap { $0[0].int }
        }
        guard !due.isEmpty, let city = try await database.cityArea() else { return 0 }
        let system = Actor(userID: nil, name: "system", role: .commander, jurisdiction: city)
        for id in due {
            try await database.write { session in
                guard let r = try await session.select("""
                    SELECT preset_id, district_id, reschedule FROM policy_activations WHERE id = ? AND applied_at IS NULL
                    """, binds: [.int(id)], types: [.text, .int, .int]).first else { return }
                let district = r[1].int
                var scope = city
                if let district, let area = try await Database.area(session.sql, id: district) { scope = area }
                var moved = 0
                if r[2].int == 1, let preset = session.policies.schedule.presets[r[0].text!] {
                    moved = try await Self.relay(session, scope: scope, to: preset, actor: system, now: now)
                }
                try await CodeRefresh.run(session, .area(scope), now: now)
                try await session.execute("UPDATE policy_activations SET applied_at = ? WHERE id = ?", binds: [.int(now), .int(id)])
                try await Journal.append(session, actor: system, action: "policy.applied", subjectType: district.map { _ in "area" } ?? "city",
                                         subjectID: district.map(String.init) ?? "city", reason: "decision \(id)",
                                         detail: "\(r[0].text!); \(moved) schedules re-laid")
            }
        }
        return due.count
    }

    // MARK: Pieces

    static let activationColumns = "p.id, p.starts_at, p.preset_id, p.mode, p.level, p.district_id"
    static let activationTypes: [SQLColumnType] = [.int, .int, .text, .text, .int, .int]

    /// A decision from a row that starts with `activationColumns`.
    static func activation(_ r: [SQLValue]) -> PolicyActivation {
        PolicyActivation(id: r[0].int!, from: r[1].int!, presetID: r[2].text!, mode: ResponseMode(rawValue: r[3].text!) ?? .routine,
                         level: r[4].int.flatMap { ResponseLevel(Int($0)) }, districtID: r[5].int)
    }

    func scopeArea(district: Int64?, actor: Actor) async throws -> Area {
        guard let district else {
            guard let city = try await database.cityArea() else { throw StoreError(.notFound, "no city") }
            return city
        }
        return try await database.visibleArea(id: district, actor: actor)
    }

    struct ActiveMeasure {
        let id: Int64, residentID: Int64, name: String, tier: MeasureTier, startsAt: Int64, endsAt: Int64
    }

    static func activeMeasures(_ session: Session, scope: Area) async throws -> [ActiveMeasure] {
        try await session.select("""
            SELECT q.id, q.resident_id, r.name, q.tier, q.starts_at, q.ends_at FROM quarantine_assignments q JOIN residents r ON r.id = q.resident_id
            WHERE q.status = 'active' AND \(scope.inside("r")) ORDER BY q.id
            """, binds: [.int(scope.id)], types: [.int, .int, .text, .text, .int, .int]).compactMap { r in
            guard let tier = MeasureTier(rawValue: r[3].text!) else { return nil }
            return ActiveMeasure(id: r[0].int!, residentID: r[1].int!, name: r[2].text!, tier: tier, startsAt: r[4].int!, endsAt: r[5].int!)
        }
    }

    /// Re-lays the schedule of everyone under a measure in `scope` whose release date the preset moves, from the
    /// day they were placed: phases, tests, the planned end of an open room stay, and a journal row on their timeline.
    /// A tier the preset lacks keeps its schedule.
    static func relay(_ session: Session, scope: Area, to preset: PolicyPreset, actor: Actor, now: Int64) async throws -> Int {
        var moved = 0
        for m in try await activeMeasures(session, scope: scope) {
            guard let schedule = try? QuarantineSchedule(tier: m.tier, start: m.startsAt, policy: preset.quarantine), schedule.end != m.endsAt else { continue }
            try await session.execute("DELETE FROM quarantine_phases WHERE assignment_id = ?", binds: [.int(m.id)])
            try await session.execute("DELETE FROM quarantine_tests WHERE assignment_id = ?", binds: [.int(m.id)])
            try await session.insert(into: "quarantine_phases", columns: ["assignment_id", "idx", "kind", "starts_at", "ends_at"],
                                     rows: schedule.phases.enumerated().map { [.int(m.id), .int(Int64($0.offset)), .text($0.element.kind.rawValue), .int($0.element.start), .int($0.element.end)] })
            try await session.insert(into: "quarantine_tests", columns: ["assignment_id", "idx", "phase", "day", "due_from", "due_by"],
                                     rows: schedule.tests.enumerated().map { [.int(m.id), .int(Int64($0.offset)), .int(Int64($0.element.phase)), .int(Int64($0.element.day)), .int($0.element.dueFrom), .int($0.element.dueBy)] })
            try await session.execute("UPDATE quarantine_assignments SET ends_at = ?, central_until = ?, policy_id = ? WHERE id = ?",
                                     binds: [.int(schedule.end), .int(schedule.centralUntil), .text(preset.id), .int(m.id)])
            // A stay keeps going until the new end of the central phases; one that is already past ends at the next sweep.
            try await session.execute("UPDATE room_stays SET planned_until = ? WHERE assignment_id = ? AND ended_at IS NULL",
                                     binds: [.int(schedule.centralUntil ?? now), .int(m.id)])
            try await Journal.append(session, actor: actor, action: "quarantine.rescheduled", subjectType: "resident", subjectID: "\(m.residentID)",
                                     reason: "policy \(preset.id)", detail: "measure \(m.id): release \(m.endsAt) → \(schedule.end)")
            moved += 1
        }
        return moved
    }

    /// The built-in preset a version ultimately copies, and the values changed along the way (later ones win).
    static func root(of id: String, _ overrides: [String: String], _ session: Session) async throws -> (String, [String: String]) {
        guard let row = try await session.select("SELECT based_on, overrides FROM policy_versions WHERE id = ?", binds: [.text(id)], types: [.text, .text]).first
        else { return (id, overrides) }
        return (row[0].text!, decode(row[1].text!).merging(overrides) { $1 })
    }

    static func preset(id: String, name: String, root: String, _ overrides: [String: String]) throws -> PolicyPreset {
        guard var preset = PolicyPreset.catalogue.first(where: { $0.id == root }) else { throw StoreError(.invalid, "unknown preset \(root)") }
        preset = try preset.editing(overrides)
        preset.id = id
        preset.name = name
        return preset
    }

    static func versionRows(_ session: Session) async throws -> [PolicyVersionRecord] {
        try await session.select("""
            SELECT v.id, v.name, v.based_on, v.overrides, v.created_by, v.created_at,
                   (SELECT COUNT(*) FROM policy_activations p WHERE p.preset_id = v.id) FROM policy_versions v ORDER BY v.created_at, v.id
            """, binds: [], types: [.text, .text, .text, .text, .text, .int, .int]).map { r in
            PolicyVersionRecord(id: r[0].text!, name: r[1].text!, basedOn: r[2].text!, overrides: decode(r[3].text!), createdBy: r[4].text!,
                                createdAt: r[5].int!, applied: (r[6].int ?? 0) > 0)
        }
    }

    static func encode(_ overrides: [String: String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: overrides, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: String] ?? [:]
    }
}

extension Database {
    /// Reads the versions and decisions again into `policies`. Before migration 8 there are none to read.
    public func reloadPolicies() async throws {
        let schedule = try await read { session -> PolicySchedule? in
            guard try await session.select("SELECT version FROM schema_migrations WHERE version = 8", binds: [], types: [.int]).first != nil else { return nil }
            let versions = try await Policies.versionRows(session).compactMap { v in
                try? Policies.preset(id: v.id, name: v.name, root: v.basedOn, v.overrides)
            }
            let activations = try await session.select("SELECT \(Policies.activationColumns) FROM policy_activations p",
                                                        binds: [], types: Policies.activationTypes).map(Policies.activation)
            return PolicySchedule(versions: versions, activations: activations)
        }
        if let schedule { policies.replace(schedule) }
    }
}
