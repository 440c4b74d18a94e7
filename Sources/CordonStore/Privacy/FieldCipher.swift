import Crypto
import Foundation

/// Encrypts ID numbers and phone numbers at rest and derives the keyed hashes that let them be searched.
///
/// A stolen database file yields neither: the ciphertext needs the key, and the HMAC cannot be brute-forced
/// over the small space of valid ID numbers without it (an unkeyed hash could).
public struct FieldCipher: Sendable {
    // Kept as bytes because `SymmetricKey` is not `Sendable`; rebuilding one per call is a copy of 32 bytes.
    private let encryptionBytes: Data
    private let searchBytes: Data
    private var encryptionKey: SymmetricKey { SymmetricKey(data: encryptionBytes) }
    private var searchKey: SymmetricKey { SymmetricKey(data: searchBytes) }

    /// `masterKey` must be 32 bytes; the encryption and search keys are derived from it separately.
    public init(masterKey: Data) throws {
        guard masterKey.count == 32 else {
            throw StoreError(.badConfiguration, "the data key must be 32 bytes (base64 of 32 random bytes)")
        }
        let master = SymmetricKey(data: masterKey)
        encryptionBytes = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("cordon field encryption v1".utf8), outputByteCount: 32)
            .withUnsafeBytes { Data($0) }
        searchBytes = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("cordon field search v1".utf8), outputByteCount: 32)
            .withUnsafeBytes { Data($0) }
    }

    /// Parses the base64 text of configuration (`CORDON_DATA_KEY`).
    public init(base64 text: String) throws {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StoreError(.badConfiguration, "the data key is not valid base64")
        }
        try self.init(masterKey: data)
    }

    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plaintext: String) throws -> String {
        try keys().seal(plaintext)
    }

    /// The derived keys as `SymmetricKey`s, for sealing many values in one task without rebuilding them each time.
    public func keys() -> Keys { Keys(encryption: encryptionKey, search: HMAC<SHA256>(key: searchKey)) }

    public struct Keys {
        let encryption: SymmetricKey
        /// Keyed with the search key once: each hash then costs two SHA-256 blocks rather than four, which matters
        /// when a screening round hashes a million ID numbers.
        let search: HMAC<SHA256>

        public func seal(_ plaintext: String) throws -> String {
            try AES.GCM.seal(Data(plaintext.utf8), using: encryption).combined!.base64EncodedString()
        }

        public func searchHash(_ value: String) -> String {
            var mac = search
            var text = value
            text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
            return mac.finalize().withUnsafeBytes { Base64.encode($0) }
        }
    }

    public func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw StoreError(.invalid, "corrupt encrypted field") }
        let plain = try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey)
        return String(decoding: plain, as: UTF8.self)
    }

    /// A stable keyed hash for equality search and uniqueness.
    public func searchHash(_ value: String) -> String {
        keys().searchHash(value)
    }
}
