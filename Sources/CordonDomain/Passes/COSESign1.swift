/// A COSE_Sign1 message (RFC 9052) with ES256, the envelope the EU Digital COVID Certificate uses. Building and
/// reading the bytes is pure; the signature itself comes from a key the caller holds.
public struct COSESign1: Sendable, Hashable {
    /// The encoded protected header: the algorithm and the key id, both covered by the signature.
    public let protected: [UInt8]
    public let keyID: [UInt8]
    public let payload: [UInt8]
    /// r ‖ s, 64 bytes for P-256.
    public let signature: [UInt8]

    /// COSE's number for ECDSA with SHA-256.
    static let es256: Int64 = -7
    static let tag: UInt64 = 18

    public init(protected: [UInt8], keyID: [UInt8], payload: [UInt8], signature: [UInt8]) {
        self.protected = protected
        self.keyID = keyID
        self.payload = payload
        self.signature = signature
    }

    public static func protectedHeader(keyID: [UInt8]) -> [UInt8] {
        CBOR.map([.init(.unsigned(1), .int(es256)), .init(.unsigned(4), .bytes(keyID))]).encoded()
    }

    /// The bytes the signature covers: Sig_structure ["Signature1", protected, external_aad, payload].
    public static func toBeSigned(protected: [UInt8], payload: [UInt8]) -> [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protected), .bytes([]), .bytes(payload)]).encoded()
    }

    public func encoded() -> [UInt8] {
        CBOR.tagged(Self.tag, .array([.bytes(protected), .map([]), .bytes(payload), .bytes(signature)])).encoded()
    }

    public init(decoding bytes: [UInt8]) throws(PassError) {
        var item = try CBORDecoder.decode(bytes)
        if case .tagged(Self.tag, let inner) = item { item = inner }
        guard case .array(let parts) = item, parts.count == 4, case .bytes(let protected) = parts[0],
              case .bytes(let payload) = parts[2], case .bytes(let signature) = parts[3]
        else { throw PassError(.malformed, "not a COSE_Sign1 message") }
        let header = protected.isEmpty ? CBOR.map([]) : try CBORDecoder.decode(protected)
        guard header[.unsigned(1)]?.int == Self.es256 else { throw PassError(.malformed, "the pass is not signed with ES256") }
        guard case .bytes(let kid)? = header[.unsigned(4)] ?? parts[1][.unsigned(4)] else {
            throw PassError(.malformed, "the pass names no key")
        }
        self.init(protected: protected, keyID: kid, payload: payload, signature: signature)
    }
}

/// The text in a pass's QR code: a prefix naming the format and version, then Base45 of the COSE message.
public enum PassText {
    public static let prefix = "CDN1:"

    public static func encode(_ message: COSESign1) -> String { prefix + Base45.encode(message.encoded()) }

    public static func decode(_ text: String) throws(PassError) -> COSESign1 {
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard trimmed.hasPrefix(prefix) else { throw PassError(.notAPass, "the text does not start with \(prefix)") }
        var body = trimmed.dropFirst(prefix.count)
        while let last = body.last, last == "\n" || last == "\r" || last == "\t" { body = body.dropLast() }
        guard !body.isEmpty else { throw PassError(.truncated, "the pass is empty after its prefix") }
        return try COSESign1(decoding: Base45.decode(body))
    }

    /// Verifies `text` at `now` with the key `verifier` finds for its key id, returning the claims only if the
    /// signature holds and the pass is inside its validity. `verifier(kid)` returns nil for an unknown key, else a
    /// check of (signature, signed bytes).
    public static func verify(_ text: String, now: Int64,
                              verifier: (_ keyID: [UInt8]) -> ((_ signature: [UInt8], _ signed: [UInt8]) -> Bool)?) throws(PassError) -> PassClaims {
        let message = try decode(text)
        guard let check = verifier(message.keyID) else { throw PassError(.unknownKey, "the pass is signed by a key not in the trust list") }
        guard message.signature.count == 64,
              check(message.signature, COSESign1.toBeSigned(protected: message.protected, payload: message.payload))
        else { throw PassError(.badSignature, "the signature does not match: the pass was altered") }
        let claims = try PassClaims(cbor: CBORDecoder.decode(message.payload))
        // A minute of grace for a door's clock running behind the server's.
        guard claims.issuedAt <= now + 60 else { throw PassError(.notYetValid, "the pass is issued in the future") }
        guard now < claims.expiresAt else { throw PassError(.expired, "the pass expired") }
        return claims
    }
}
