import CordonDomain
import CordonStore

/// The words quarantine pages show for its enumerations and rows, from the string tables.
struct QuarantineWords {
    let strings: Strings
    let language: Language

    func callAsFunction(_ key: String) -> String { strings(key, language) }
    func tier(_ t: MeasureTier) -> String { self("measure_\(t.rawValue)") }
    func kind(_ k: QuarantineKind) -> String { self("qkind_\(k.rawValue)") }
    func alert(_ a: AlertKind) -> String { self("alert_\(a.rawValue)") }
    func source(_ s: MeasureSource) -> String { self("measure_source_\(s.rawValue)") }
    func symptom(_ s: Symptom) -> String { self("symptom_\(s.rawValue)") }

    static func temperature(_ tenths: Int?) -> String { tenths.map { "\($0 / 10).\($0 % 10) °C" } ?? "—" }

    func assignmentRow(_ a: AssignmentRecord, now: Int64) -> AssignmentRow {
        let kind = a.kind(at: now)
        return AssignmentRow(id: a.id, residentId: a.residentID, name: a.name, address: a.address, tier: tier(a.tier),
                             source: source(a.source), kind: kind.map(self.kind) ?? self("measure_status_\(a.status.rawValue)"),
                             kindKey: kind?.rawValue ?? a.status.rawValue, start: Format.time(a.schedule.start), end: Format.time(a.schedule.end),
                             site: a.stay.map { "\($0.siteName) \($0.roomNumber)" } ?? "", inRoom: a.stay?.open == true,
                             due: a.status == .active && now >= a.schedule.end)
    }

    /// One person's measure in a list: who, which tier, where they are now, its span and room, and whether release is due.
    struct AssignmentRow: PageModel {
        let id: Int64
        let residentId: Int64
        let name: String
        let address: String
        let tier: String
        let source: String
        let kind: String
        let kindKey: String
        let start: String
        let end: String
        let site: String
        let inRoom: Bool
        let due: Bool
    }

    func testRow(_ t: ScheduledTest, now: Int64) -> TestRow {
        let state = t.result.map { "result_\($0.rawValue)" } ?? (t.sampledAt != nil ? "test_sampled" : now >= t.dueBy ? "test_missed" : "test_due")
        return TestRow(assignment: t.assignmentID, residentId: t.residentID, name: t.name, phase: kind(t.phaseKind), day: t.day,
                       due: "\(Format.time(t.dueFrom)) – \(Format.time(t.dueBy))", sampled: t.sampledAt.map(Format.time) ?? "", room: t.roomNumber ?? "",
                       state: self(state), stateKey: state, done: t.sampledAt != nil)
    }

    /// One scheduled test: whose, which phase and day, when it is due, and what became of it.
    struct TestRow: PageModel {
        let assignment: Int64
        let residentId: Int64
        let name: String
        let phase: String
        let day: Int
        let due: String
        let sampled: String
        let room: String
        let state: String
        let stateKey: String
        let done: Bool
    }

    func alertRow(_ a: AlertRecord) -> AlertRow {
        AlertRow(id: a.id, assignment: a.assignmentID, name: a.name, kind: alert(a.kind), kindKey: a.kind.rawValue, at: Format.time(a.at),
                 detail: a.detail, resolved: a.resolvedAt != nil, resolution: a.resolution ?? "")
    }

    /// One alert for the site's staff: whose, what kind, when, and how it was resolved.
    struct AlertRow: PageModel {
        let id: Int64
        let assignment: Int64
        let name: String
        let kind: String
        let kindKey: String
        let at: String
        let detail: String
        let resolved: Bool
        let resolution: String
    }

    func options<T: RawRepresentable & CaseIterable & Equatable>(_ type: T.Type, prefix: String, only: [T]? = nil) -> [Choice]
    where T.RawValue == String {
        (only ?? Array(T.allCases)).map { Choice(value: $0.rawValue, label: self("\(prefix)_\($0.rawValue)")) }
    }
}
