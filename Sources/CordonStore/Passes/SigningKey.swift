import Crypto
import Foundation

/// A P-256 key that signs passes. `P256.Signing.PrivateKey` is not marked `Sendable`, yet it is an immutable value
/// over a BoringSSL `EC_KEY` that signing only reads (`ECDSA_do_sign` takes it const), so sharing one across tasks is
/// safe; rebuilding it per pass from its bytes would cost a point multiplication each time.
final class SigningKeyBox: @unchecked Sendable {
    let key: P256.Signing.PrivateKey
    init(_ key: P256.Signing.PrivateKey) { self.key = key }
}

/// The same for a public key, which verification only reads.
final class PublicKeyBox: @unchecked Sendable {
    let key: P256.Signing.PublicKey
    init(_ key: P256.Signing.PublicKey) { self.key = key }
}

/// A public key as the trust list publishes it: a JSON Web Key (RFC 7517) that a browser's WebCrypto imports as is.
public struct TrustedKey: Sendable, Hashable, Codable {
    /// The key id as it appears in passes, base64url.
    public let kid: String
    public let kty: String
    public let crv: String
    public let x: String
    public let y: String
    public let createdAt: Int64
    /// Nil while the key signs; once retired it stays listed until every pass it signed has expired.
    public let retiredAt: Int64?

    init(kid: String, publicKey: P256.Signing.PublicKey, createdAt: Int64, retiredAt: Int64?) {
        let point = [UInt8](publicKey.x963Representation)
        self.kid = kid
        self.kty = "EC"
        self.crv = "P-256"
        self.x = Base64URL.encode(point[1...32])
        self.y = Base64URL.encode(point[33...64])
        self.createdAt = createdAt
        self.retiredAt = retiredAt
    }
}

enum Base64URL {
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }
}
