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

    func assignmentRow(_ a: AssignmentRecord, now: Int64) -> [String: Any] {
        let kind = a.kind(at: now)
        return ["id": a.id, "resident_id": a.residentID, "name": a.name, "address": a.address, "tier": tier(a.tier),
                "source": source(a.source), "kind": kind.map(self.kind) ?? self("measure_status_\(a.status.rawValue)"),
                "kind_key": kind?.rawValue ?? a.status.rawValue, "start": Format.time(a.schedule.start), "end": Format.time(a.schedule.end),
                "site": a.stay.map { "\($0.siteName) \($0.roomNumber)" } ?? "", "in_room": a.stay?.open == true,
                "due": a.status == .active && now >= a.schedule.end]
    }

    func testRow(_ t: ScheduledTest, now: Int64) -> [String: Any] {
        let state = t.result.map { "result_\($0.rawValue)" } ?? (t.sampledAt != nil ? "test_sampled" : now >= t.dueBy ? "test_missed" : "test_due")
        return ["assignment": t.assignmentID, "resident_id": t.residentID, "name": t.name, "phase": kind(t.phaseKind), "day": t.day,
                "due": "\(Format.time(t.dueFrom)) – \(Format.time(t.dueBy))", "sampled": t.sampledAt.map(Format.time) ?? "", "room": t.roomNumber ?? "",
                "state": self(state), "state_key": state, "done": t.sampledAt != nil]
    }

    func alertRow(_ a: AlertRecord) -> [String: Any] {
        ["id": a.id, "assignment": a.assignmentID, "name": a.name, "kind": alert(a.kind), "kind_key": a.kind.rawValue, "at": Format.time(a.at),
         "detail": a.detail, "resolved": a.resolvedAt != nil, "resolution": a.resolution ?? ""]
    }

    func options<T: RawRepresentable & CaseIterable & Equatable>(_ type: T.Type, prefix: String, only: [T]? = nil) -> [[String: Any]]
    where T.RawValue == String {
        (only ?? Array(T.allCases)).map { ["value": $0.rawValue, "label": self("\(prefix)_\($0.rawValue)")] }
    }
}
