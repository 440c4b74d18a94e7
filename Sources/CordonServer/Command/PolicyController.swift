import CordonDomain
import CordonStore
import Hummingbird

/// Policy versions and the response mode: the presets and the city's versions with every parameter, copying and
/// editing with validation, the preview of what a preset would change, and the decisions that apply one from a time.
struct PolicyController {
    let policies: Policies
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/policy", use: page)
        pages.get("/policy/presets/:id", use: presetPage)
        pages.get("/policy/presets/:id/preview", use: previewPage)
        pages.post("/policy/versions", use: createFromForm)
        pages.post("/policy/versions/:id", use: updateFromForm)
        pages.post("/policy/decisions", use: decideFromForm)
        api.get("/policy", use: state)
        api.get("/policy/presets/:id", use: preset)
        api.get("/policy/presets/:id/preview", use: preview)
        api.post("/policy/versions", use: create)
        api.post("/policy/versions/:id", use: update)
        api.post("/policy/decisions", use: decide)
    }


    /// The district an actor works for, whose own decisions apply to them; nil for the city and below a district.
    static func district(of actor: Actor) -> Int64? {
        actor.jurisdiction.level == .district ? actor.jurisdiction.id : nil
    }

    // MARK: Bodies

    struct PresetBody: Encodable {
        let id: String
        let name: String
        let kind: String
        let basedOn: String?
        let editable: Bool
        let parameters: [String: String]
    }

    struct DecisionBody: Encodable {
        let id: Int64
        let presetId: String
        let presetName: String
        let from: Int64
        let districtId: Int64?
        let districtName: String?
        let mode: String
        let level: Int?
        let reschedule: Bool
        let reason: String
        let decidedBy: String
        let decidedAt: Int64
        let appliedAt: Int64?

        init(_ d: PolicyDecision) {
            (id, presetId, presetName, from) = (d.activation.id, d.activation.presetID, d.presetName, d.activation.from)
            (districtId, districtName, mode, level) = (d.activation.districtID, d.districtName, d.activation.mode.rawValue, d.activation.level?.rawValue)
            (reschedule, reason, decidedBy, decidedAt, appliedAt) = (d.reschedule, d.reason, d.decidedBy, d.decidedAt, d.appliedAt)
        }
    }

    /// A national preset, a template, or the city's own version.
    static func kind(_ preset: PolicyPreset) -> String {
        preset.isTemplate ? "template" : PolicyPreset.all.contains { $0.id == preset.id } ? "preset" : "version"
    }

    func presetBody(_ preset: PolicyPreset, versions: [PolicyVersionRecord]) -> PresetBody {
        let version = versions.first { $0.id == preset.id }
        var parameters: [String: String] = [:]
        for p in PolicyParameter.all(of: preset) { parameters[p.key] = p.value(in: preset) }
        return PresetBody(id: preset.id, name: preset.name, kind: Self.kind(preset), basedOn: version?.basedOn,
                          editable: version.map { !$0.applied } ?? false, parameters: parameters)
    }

    func catalogue(_ versions: [PolicyVersionRecord]) -> [PolicyPreset] {
        let presets = database.policies.schedule.presets
        return PolicyPreset.catalogue + versions.compactMap { presets[$0.id] }
    }

    // MARK: API

    @Sendable func state(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let versions = try await policies.versions(actor: identity.actor)
        let decisions = try await policies.decisions(actor: identity.actor)
        let now = UnixTime.now()
        let schedule = database.policies.schedule
        let district = Self.district(of: identity.actor)
        let mode = schedule.mode(at: now, district: district)
        struct State: Encodable {
            let inForce: String
            let mode: String
            let level: Int?
            let presets: [PresetBody]
            let decisions: [DecisionBody]
        }
        return try JSON.response(State(inForce: schedule.inForce(at: now, district: district).id, mode: mode.mode.rawValue, level: mode.level?.rawValue,
                                       presets: catalogue(versions).map { presetBody($0, versions: versions) }, decisions: decisions.map(DecisionBody.init)))
    }

    func lookup(_ id: String, actor: Actor) async throws -> (PolicyPreset, [PolicyVersionRecord]) {
        let versions = try await policies.versions(actor: actor)
        guard let preset = catalogue(versions).first(where: { $0.id == id }) else { throw AppError.notFound }
        return (preset, versions)
    }

    @Sendable func preset(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (preset, versions) = try await lookup(try context.parameters.require("id"), actor: identity.actor)
        return try JSON.response(presetBody(preset, versions: versions))
    }

    struct VersionBody: Decodable {
        let name: String
        let basedOn: String?
        let parameters: [String: String]?
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: VersionBody.self, context: context)
        guard let base = b.basedOn else { throw FieldErrors(errors: [FieldError(field: "based_on", code: .missing)]) }
        let id = try await policies.createVersion(name: b.name, basedOn: base, overrides: b.parameters ?? [:], actor: identity.actor)
        let (preset, versions) = try await lookup(id, actor: identity.actor)
        return try JSON.response(presetBody(preset, versions: versions), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id")
        let b = try await request.decode(as: VersionBody.self, context: context)
        try await policies.updateVersion(id, name: b.name, overrides: b.parameters ?? [:], actor: identity.actor)
        let (preset, versions) = try await lookup(id, actor: identity.actor)
        return try JSON.response(presetBody(preset, versions: versions))
    }

    struct PreviewBody: Encodable {
        struct Change: Encodable { let parameter: String; let from: String?; let to: String? }
        struct Moved: Encodable { let assignmentId: Int64; let residentId: Int64; let name: String; let tier: String; let endsAt: Int64; let newEndsAt: Int64 }
        let current: String
        let proposed: String
        let changes: [Change]
        let underMeasure: Int
        let rescheduled: Int
        let people: [Moved]
        let tiersDropped: [String]

        init(_ p: PolicyPreview) {
            (current, proposed) = (p.current.id, p.proposed.id)
            changes = p.differences.map { Change(parameter: $0.parameter.key, from: $0.from, to: $0.to) }
            (underMeasure, rescheduled) = (p.underMeasure, p.rescheduled.count)
            people = p.rescheduled.prefix(200).map { Moved(assignmentId: $0.assignmentID, residentId: $0.residentID, name: $0.maskedName, tier: $0.tier.rawValue,
                                                           endsAt: $0.endsAt, newEndsAt: $0.newEndsAt) }
            tiersDropped = p.tiersDropped.map(\.rawValue)
        }
    }

    /// `from` as Unix seconds or a local `2026-12-02T08:00`; absent means now.
    func moment(_ raw: String?) throws -> Int64 {
        guard let raw = raw?.trimmingSpaces(), !raw.isEmpty else { return UnixTime.now() }
        if let unix = Int64(raw) { return unix }
        guard let local = LocalTime.parse(raw) else { throw FieldErrors(errors: [FieldError(field: "from", code: .format)]) }
        return local
    }

    func district(_ raw: String?) throws -> Int64? {
        guard let raw = raw?.trimmingSpaces(), !raw.isEmpty else { return nil }
        guard let id = Int64(raw) else { throw FieldErrors(errors: [FieldError(field: "district", code: .format)]) }
        return id
    }

    @Sendable func preview(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let q = request.uri.queryParameters
        let result = try await policies.preview(presetID: try context.parameters.require("id"), from: try moment(q["from"].map(String.init)),
                                                district: try district(q["district"].map(String.init)), actor: identity.actor)
        return try JSON.response(PreviewBody(result))
    }

    struct DecideBody: Decodable {
        let preset: String
        let from: Moment?
        let district: Int64?
        let mode: String
        let level: Int?
        let reschedule: Bool?
        let reason: String
    }

    func mode(_ raw: String) throws -> ResponseMode {
        guard let mode = ResponseMode(rawValue: raw.trimmingSpaces()) else { throw FieldErrors(errors: [FieldError(field: "mode", code: .unknownValue)]) }
        return mode
    }

    func level(_ raw: Int?) throws -> ResponseLevel? {
        guard let raw else { return nil }
        guard let level = ResponseLevel(raw) else { throw FieldErrors(errors: [FieldError(field: "level", code: .outOfRange)]) }
        return level
    }

    @Sendable func decide(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: DecideBody.self, context: context)
        let id = try await policies.decide(presetID: b.preset, from: b.from?.unix ?? UnixTime.now(), district: b.district, mode: try mode(b.mode),
                                           level: try level(b.level), reschedule: b.reschedule ?? false, reason: b.reason, actor: identity.actor)
        guard let made = try await policies.decisions(actor: identity.actor).first(where: { $0.activation.id == id }) else { throw AppError.notFound }
        return try JSON.response(DecisionBody(made), status: .created)
    }

    // MARK: Pages

    func decisionRow(_ d: PolicyDecision, _ l: Language) -> PolicyPage.Decision {
        PolicyPage.Decision(
            id: d.activation.id, preset: d.presetName, presetId: d.activation.presetID, from: Format.time(d.activation.from),
            scope: d.districtName ?? views.strings("policy_city", l), mode: views.strings("mode_\(d.activation.mode.rawValue)", l),
            level: d.activation.level.map { views.strings("response_level_\($0.rawValue)", l) } ?? "", hasLevel: d.activation.level != nil,
            reschedule: d.reschedule, reason: d.reason, by: d.decidedBy, applied: d.appliedAt.map(Format.time) ?? "",
            pending: d.appliedAt == nil)
    }

    /// The response mode and the policy in force, the presets and versions, the decisions, and the form to decide.
    struct PolicyPage: PageModel {
        let inForce: String
        let inForceId: String
        let mode: String
        let modeValue: String
        let emergency: Bool
        let level: String
        let presets: [Preset]
        let choices: [PresetChoice]
        let modes: [Choice]
        let levels: [Choice]
        let decisions: [Decision]
        let hasDecisions: Bool
        let decider: Bool
        let isDistrict: Bool
        let districtId: Int64
        let districtName: String

        struct Preset: PageModel {
            let id: String
            let name: String
            let kind: String
            let current: Bool
        }

        struct PresetChoice: PageModel {
            let id: String
            let name: String
            let selected: Bool
        }

        struct Decision: PageModel {
            let id: Int64
            let preset: String
            let presetId: String
            let from: String
            let scope: String
            let mode: String
            let level: String
            let hasLevel: Bool
            let reschedule: Bool
            let reason: String
            let by: String
            let applied: String
            let pending: Bool
        }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let versions = try await policies.versions(actor: identity.actor)
        let decisions = try await policies.decisions(actor: identity.actor)
        let now = UnixTime.now()
        let schedule = database.policies.schedule
        let district = Self.district(of: identity.actor)
        let current = schedule.inForce(at: now, district: district)
        let mode = schedule.mode(at: now, district: district)
        let choices = catalogue(versions).filter { !$0.isTemplate }
        return views.page("policy", PolicyPage(
            inForce: current.name, inForceId: current.id,
            mode: views.strings("mode_\(mode.mode.rawValue)", l), modeValue: mode.mode.rawValue, emergency: mode.mode == .emergency,
            level: mode.level.map { views.strings("response_level_\($0.rawValue)", l) } ?? "",
            presets: catalogue(versions).map { p in
                PolicyPage.Preset(id: p.id, name: p.name, kind: views.strings("policy_kind_\(Self.kind(p))", l), current: p.id == current.id)
            },
            choices: choices.map { PolicyPage.PresetChoice(id: $0.id, name: $0.name, selected: $0.id == current.id) },
            modes: ResponseMode.allCases.map { Choice(value: $0.rawValue, label: views.strings("mode_\($0.rawValue)", l), selected: $0 == mode.mode) },
            levels: ResponseLevel.all.map { Choice(value: "\($0.rawValue)", label: views.strings("response_level_\($0.rawValue)", l), selected: $0 == mode.level) },
            decisions: decisions.map { decisionRow($0, l) }, hasDecisions: !decisions.isEmpty,
            decider: identity.may(.decidePolicy),
            isDistrict: district != nil, districtId: identity.actor.jurisdiction.id, districtName: identity.actor.jurisdiction.name
        ), context: context)
    }

    func parameterRows(_ preset: PolicyPreset, _ l: Language) -> [PresetPage.Parameter] {
        PolicyParameter.all(of: preset).map { p in
            PresetPage.Parameter(key: p.key, label: label(p, l), value: p.value(in: preset) ?? "")
        }
    }

    /// A parameter's name in the reader's language: its kind, and for a phase the measure and the phase's place.
    func label(_ p: PolicyParameter, _ l: Language) -> String {
        switch p {
        case .routineHours(let group): "\(views.strings("param_routine_hours", l)) · \(views.strings("work_group_\(group.rawValue)", l))"
        case .phaseDays(let tier, let phase): "\(views.strings("measure_\(tier.rawValue)", l)) · \(views.strings("param_phase", l)) \(phase) · \(views.strings("param_phase_days", l))"
        case .phaseTestDays(let tier, let phase): "\(views.strings("measure_\(tier.rawValue)", l)) · \(views.strings("param_phase", l)) \(phase) · \(views.strings("param_test_days", l))"
        case .stepDownDays(let level): "\(views.strings("param_step_down", l)) · \(views.strings("risk_\(level.rawValue)", l))"
        default: views.strings("param_\(p.key.split(separator: ".").last!)", l)
        }
    }

    @Sendable func presetPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let (preset, versions) = try await lookup(try context.parameters.require("id"), actor: identity.actor)
        let version = versions.first { $0.id == preset.id }
        let decider = identity.may(.decidePolicy)
        return views.page("policy_preset", PresetPage(
            id: preset.id, name: preset.name, kind: views.strings("policy_kind_\(Self.kind(preset))", l),
            basedOn: version.map { database.policies.schedule.presets[$0.basedOn]?.name ?? $0.basedOn } ?? "", hasBase: version != nil,
            parameters: parameterRows(preset, l),
            editable: decider && version.map { !$0.applied } ?? false, decider: decider, applicable: !preset.isTemplate,
            isDistrict: identity.actor.jurisdiction.level == .district, districtId: identity.actor.jurisdiction.id
        ), context: context)
    }

    /// One preset or version with every parameter, editable while no decision names it, and the way to preview or copy it.
    struct PresetPage: PageModel {
        let id: String
        let name: String
        let kind: String
        let basedOn: String
        let hasBase: Bool
        let parameters: [Parameter]
        let editable: Bool
        let decider: Bool
        let applicable: Bool
        let isDistrict: Bool
        let districtId: Int64

        struct Parameter: PageModel {
            let key: String
            let label: String
            let value: String
        }
    }

    @Sendable func previewPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let q = request.uri.queryParameters
        let from = try moment(q["from"].map(String.init))
        let district = try district(q["district"].map(String.init))
        let id = try context.parameters.require("id")
        let p = try await policies.preview(presetID: id, from: from, district: district, actor: identity.actor)
        return views.page("policy_preview", PreviewPage(
            id: id, name: p.proposed.name, current: p.current.name, from: Format.time(from), fromValue: from,
            district: district.map { "\($0)" } ?? "", hasDistrict: district != nil,
            changes: p.differences.map { PreviewPage.Change(label: label($0.parameter, l), from: $0.from ?? "—", to: $0.to ?? "—") },
            hasChanges: !p.differences.isEmpty,
            underMeasure: p.underMeasure, rescheduled: p.rescheduled.count,
            people: p.rescheduled.prefix(200).map { PreviewPage.Person(id: $0.assignmentID, name: $0.maskedName, tier: views.strings("measure_\($0.tier.rawValue)", l),
                                                                       ends: Format.time($0.endsAt), newEnds: Format.time($0.newEndsAt),
                                                                       earlier: $0.newEndsAt < $0.endsAt) },
            hasPeople: !p.rescheduled.isEmpty,
            dropped: p.tiersDropped.map { PreviewPage.Dropped(tier: views.strings("measure_\($0.rawValue)", l)) }, hasDropped: !p.tiersDropped.isEmpty,
            decider: identity.may(.decidePolicy) && !p.proposed.isTemplate,
            modes: ResponseMode.allCases.map { Choice(value: $0.rawValue, label: views.strings("mode_\($0.rawValue)", l)) },
            levels: ResponseLevel.all.map { Choice(value: "\($0.rawValue)", label: views.strings("response_level_\($0.rawValue)", l)) }
        ), context: context)
    }

    /// What applying a preset from a time would change: parameters, release dates moved, tiers dropped; and the form to apply it.
    struct PreviewPage: PageModel {
        let id: String
        let name: String
        let current: String
        let from: String
        let fromValue: Int64
        let district: String
        let hasDistrict: Bool
        let changes: [Change]
        let hasChanges: Bool
        let underMeasure: Int
        let rescheduled: Int
        let people: [Person]
        let hasPeople: Bool
        let dropped: [Dropped]
        let hasDropped: Bool
        let decider: Bool
        let modes: [Choice]
        let levels: [Choice]

        struct Change: PageModel {
            let label: String
            let from: String
            let to: String
        }

        struct Person: PageModel {
            let id: Int64
            let name: String
            let tier: String
            let ends: String
            let newEnds: String
            let earlier: Bool
        }

        struct Dropped: PageModel {
            let tier: String
        }
    }

    /// The form's `parameters[<key>]` fields that differ from `base`: the page shows every parameter, and a version
    /// stores only what it changes.
    func overrides(_ parameters: [String: String]?, base: PolicyPreset) -> [String: String] {
        var result: [String: String] = [:]
        for p in PolicyParameter.all(of: base) {
            guard let typed = parameters?[p.key]?.trimmingSpaces(), typed != p.value(in: base) else { continue }
            result[p.key] = typed
        }
        return result
    }

    @Sendable func createFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: VersionBody.self, context: context)
        guard let baseID = b.basedOn, let base = database.policies.schedule.presets[baseID] else {
            throw FieldErrors(errors: [FieldError(field: "based_on", code: .unknownValue)])
        }
        let id = try await policies.createVersion(name: b.name, basedOn: baseID, overrides: overrides(b.parameters, base: base), actor: identity.actor)
        return Views.redirect("/policy/presets/\(id)")
    }

    @Sendable func updateFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id")
        let version = try await policies.version(id, actor: identity.actor)
        guard let root = PolicyPreset.catalogue.first(where: { $0.id == version.basedOn }) else { throw AppError.notFound }
        let b = try await request.decode(as: VersionBody.self, context: context)
        try await policies.updateVersion(id, name: b.name, overrides: overrides(b.parameters, base: root), actor: identity.actor)
        return Views.redirect("/policy/presets/\(id)")
    }

    @Sendable func decideFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: DecideBody.self, context: context)
        let chosen = try mode(b.mode)
        // The form always sends a level; it only counts in an emergency.
        let level = chosen == .emergency ? try level(b.level) : nil
        try await policies.decide(presetID: b.preset, from: b.from?.unix ?? UnixTime.now(), district: b.district, mode: chosen,
                                  level: level, reschedule: b.reschedule ?? false, reason: b.reason, actor: identity.actor)
        return Views.redirect("/policy")
    }
}
