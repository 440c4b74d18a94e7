import CordonDomain
import CordonStore
import Synchronization

/// A signed pass ready to show: its QR text and when it stops being valid.
struct IssuedPass: Sendable {
    let text: String
    let expiresAt: Int64
    let kind: PassKind

    /// The QR code as SVG; nil only if the text were too long for any QR version, which a pass never is.
    var svg: String? { try? QRCode(text: text, correction: .medium).svg(ariaLabel: "pass") }
}

/// Issues passes for codes: short-lived on a phone, days on paper (green only). A pass never outlives the moment the
/// code may change by the clock, so it cannot carry a colour past a quarantine's end or a test falling overdue.
struct PassIssuer: Sendable {
    let passes: Passes
    let recent = RecentPasses()

    func issue(_ code: StoredCode, maskedName: String, kind: PassKind, now: Int64 = UnixTime.now()) async throws -> IssuedPass {
        if kind == .phone, let pass = recent.reusable(for: code, maskedName: maskedName, now: now) { return pass }
        let policy = passes.registry.database.policies.inForce(at: now).healthCode
        let lifetime = kind == .paper ? Int64(policy.paperPassDays) * 86_400 : Int64(policy.passLifetimeSeconds)
        let expires = min(now + lifetime, code.changesAt ?? .max)
        let claims = PassClaims(issuer: passes.issuer, subject: passes.subject(residentID: code.residentID), issuedAt: now, expiresAt: expires,
                                colour: code.colour, maskedName: maskedName, kind: kind)
        let pass = IssuedPass(text: try await passes.sign(claims, now: now), expiresAt: expires, kind: kind)
        if kind == .phone { recent.keep(pass, for: code, maskedName: maskedName) }
        return pass
    }
}

/// Phone passes issued lately, by person. A citizen's app asks for their code again and again; while the code is
/// unchanged the pass just signed says exactly the same, so it is handed out again as long as it still has a minute
/// to live, and a new one is signed only when it does not or the code has changed.
final class RecentPasses: Sendable {
    struct Entry {
        let colour: CodeColour
        let assessedAt: Int64
        let changesAt: Int64?
        let maskedName: String
        let pass: IssuedPass
    }

    private let entries = Mutex<[Int64: Entry]>([:])
    /// A city's active phones fit; past this the table starts again rather than growing without bound.
    private let capacity = 500_000

    func reusable(for code: StoredCode, maskedName: String, now: Int64) -> IssuedPass? {
        guard let e = entries.withLock({ $0[code.residentID] }), e.colour == code.colour, e.assessedAt == code.assessedAt,
              e.changesAt == code.changesAt, e.maskedName == maskedName, now + 60 < e.pass.expiresAt else { return nil }
        return e.pass
    }

    func keep(_ pass: IssuedPass, for code: StoredCode, maskedName: String) {
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[code.residentID] = Entry(colour: code.colour, assessedAt: code.assessedAt, changesAt: code.changesAt,
                                           maskedName: maskedName, pass: pass)
        }
    }
}
