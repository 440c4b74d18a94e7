import CordonDomain
import Crypto
import Foundation
import Synchronization

/// The keys passes are signed with, and the signing and checking of passes. One key signs at a time; rotation
/// retires it, and a retired key stays in the trust list until the longest-lived pass it may have signed (a paper
/// pass) has expired, so a rotation never invalidates a pass early.
public final class Passes: Sendable {
    public let registry: Registry
    /// Who signs, as passes and the trust list name it (the city's code).
    public let issuer: String
    private let cache = Mutex<Keys?>(nil)
    private let issued = IssuedSignatures()
    var database: Database { registry.database }
    var clock: Clock { registry.database.clock }

    struct Keys: Sendable {
        let kid: [UInt8]
        let signing: SigningKeyBox
        let verifying: [[UInt8]: PublicKeyBox]
        let trusted: [TrustedKey]
        let loadedAt: Int64
    }

    public init(registry: Registry, issuer: String) {
        self.registry = registry
        self.issuer = issuer
    }

    /// Loads the keys, creating the first one if there is none. Other servers' rotations are picked up within a minute.
    func keys(now: Int64? = nil) async throws -> Keys {
        let now = now ?? clock.now()
        if let keys = cache.withLock({ $0 }), now - keys.loadedAt < 60 { return keys }
        let keys = try await load(now: now)
        cache.withLock { $0 = keys }
        return keys
    }

    private func load(now: Int64) async throws -> Keys {
        let cipher = registry.cipher
        let grace = Int64(database.policies.inForce(at: now).healthCode.paperPassDays) * 86_400
        return try await database.write { session in
            var rows = try await Self.keyRows(session, since: now - grace)
            if !rows.contains(where: { $0.retiredAt == nil }) {
                try await Self.createKey(session, cipher: cipher, now: now)
                rows = try await Self.keyRows(session, since: now - grace)
            }
            guard let active = rows.first(where: { $0.retiredAt == nil }), let kid = Base64URL.decode(active.kid),
                  let raw = Data(base64Encoded: try cipher.open(active.privateEnc))
            else { throw StoreError(.unavailable, "the signing key cannot be read") }
            var verifying: [[UInt8]: PublicKeyBox] = [:]
            var trusted: [TrustedKey] = []
            for row in rows {
                guard let id = Base64URL.decode(row.kid), let x963 = Data(base64Encoded: row.publicKey) else { continue }
                let key = try P256.Signing.PublicKey(x963Representation: x963)
                verifying[id] = PublicKeyBox(key)
                trusted.append(TrustedKey(kid: row.kid, publicKey: key, createdAt: row.createdAt, retiredAt: row.retiredAt))
            }
            return Keys(kid: kid, signing: SigningKeyBox(try P256.Signing.PrivateKey(rawRepresentation: raw)), verifying: verifying,
                        trusted: trusted, loadedAt: now)
        }
    }

    struct KeyRow {
        let kid: String
        let publicKey: String
        let privateEnc: String
        let createdAt: Int64
        let retiredAt: Int64?
    }

    static func keyRows(_ session: Session, since: Int64) async throws -> [KeyRow] {
        try await session.select("""
            SELECT kid, public_key, private_key_enc, created_at, retired_at FROM signing_keys
            WHERE retired_at IS NULL OR retired_at > ? ORDER BY created_at DESC, kid
            """, binds: [.int(since)], types: [.text, .text, .text, .int, .int]).map {
            KeyRow(kid: $0[0].text!, publicKey: $0[1].text!, privateEnc: $0[2].text!, createdAt: $0[3].int!, retiredAt: $0[4].int)
        }
    }

    @discardableResult
    static func createKey(_ session: Session, cipher: FieldCipher, now: Int64) async throws -> String {
        let key = P256.Signing.PrivateKey()
        var generator = SystemRandomNumberGenerator()
        let kid = Base64URL.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try await session.insert(into: "signing_keys", columns: ["kid", "public_key", "private_key_enc", "created_at"], rows: [[
            .text(kid), .text(key.publicKey.x963Representation.base64EncodedString()),
            .text(try cipher.seal(key.rawRepresentation.base64EncodedString())), .int(now),
        ]])
        return kid
    }

    /// Retires the signing key and makes a new one; passes the old key signed keep verifying until they expire.
    @discardableResult
    public func rotate(actor: Actor, now: Int64? = nil) async throws -> String {
        let now = now ?? clock.now()
        try actor.require(.rotateSigningKeys)
        let cipher = registry.cipher
        let kid = try await database.write { session in
            try await session.execute("UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL", binds: [.int(now)])
            let kid = try await Self.createKey(session, cipher: cipher, now: now)
            try await Journal.append(session, actor: actor, action: "keys.rotate", subjectType: "signing_key", subjectID: kid, reason: "rotation")
            return kid
        }
        cache.withLock { $0 = nil }
        return kid
    }

    /// The public keys a door needs to verify every pass still valid.
    public func trustList(now: Int64? = nil) async throws -> [TrustedKey] {
        let now = now ?? clock.now()
        return try await keys(now: now).trusted
    }

    /// A keyed pseudonym for a person: the same on every pass of theirs, meaningless without the server's key.
    public func subject(residentID: Int64) -> String { Self.subject(residentID: residentID, cipher: registry.cipher) }

    /// The same, for readers of passages (a person's trips) that hold the cipher but not the signing keys.
    static func subject(residentID: Int64, cipher: FieldCipher) -> String {
        let hash = cipher.searchHash("pass-subject:\(residentID)")
        return String(hash.prefix(22)).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// Signs a pass with the active key and returns its QR text.
    public func sign(_ claims: PassClaims, now: Int64? = nil) async throws -> String {
        let now = now ?? clock.now()
        let keys = try await keys(now: now)
        return try Self.sign(claims, kid: keys.kid, key: keys.signing) { signed, signature in
            issued.record(signed: signed, signature: signature, expiresAt: claims.expiresAt, now: now)
        }
    }

    static func sign(_ claims: PassClaims, kid: [UInt8], key: SigningKeyBox,
                     signed record: (_ signed: [UInt8], _ signature: [UInt8]) -> Void = { _, _ in }) throws -> String {
        let protected = COSESign1.protectedHeader(keyID: kid)
        let payload = claims.cbor().encoded()
        let signed = COSESign1.toBeSigned(protected: protected, payload: payload)
        let signature = [UInt8](try key.key.signature(for: signed).rawRepresentation)
        record(signed, signature)
        return PassText.encode(COSESign1(protected: protected, keyID: kid, payload: payload, signature: signature))
    }

    /// Checks a pass against the trust list at `now`. Its key must be listed either way; a pass this server signed is
    /// then recognised by what it signed, any other by its signature.
    public func verify(_ text: String, now: Int64? = nil) async throws -> PassClaims {
        let now = now ?? clock.now()
        return try await verify(text, now: now, recognisingIssued: true)
    }

    /// The same with every signature checked by ECDSA, for the benchmark's figure of what that costs.
    public func verifyBySignature(_ text: String, now: Int64? = nil) async throws -> PassClaims {
        let now = now ?? clock.now()
        return try await verify(text, now: now, recognisingIssued: false)
    }

    private func verify(_ text: String, now: Int64, recognisingIssued: Bool) async throws -> PassClaims {
        let keys = try await keys(now: now)
        let issued = self.issued
        return try PassText.verify(text, now: now) { kid in
            guard let box = keys.verifying[kid] else { return nil }
            return { signature, signed in
                if recognisingIssued, issued.contains(signed: signed, signature: signature) { return true }
                guard let sig = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
                return box.key.isValidSignature(sig, for: signed)
            }
        }
    }
}
