import CordonDomain
import CordonStore

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

    func issue(_ code: StoredCode, maskedName: String, kind: PassKind, now: Int64 = UnixTime.now()) async throws -> IssuedPass {
        let policy = PolicyPreset.inForce(on: CivilDate(unixTime: now)).healthCode
        let lifetime = kind == .paper ? Int64(policy.paperPassDays) * 86_400 : Int64(policy.passLifetimeSeconds)
        let expires = min(now + lifetime, code.changesAt ?? .max)
        let claims = PassClaims(issuer: passes.issuer, subject: passes.subject(residentID: code.residentID), issuedAt: now, expiresAt: expires,
                                colour: code.colour, maskedName: maskedName, kind: kind)
        return IssuedPass(text: try await passes.sign(claims, now: now), expiresAt: expires, kind: kind)
    }
}
