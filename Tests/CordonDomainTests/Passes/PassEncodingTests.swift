import CordonDomain
import Testing

@Suite struct PassEncodingTests {
    func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    @Test func base45MatchesTheRFCExamples() throws {
        #expect(Base45.encode(Array("AB".utf8)) == "BB8")
        #expect(Base45.encode(Array("Hello!!".utf8)) == "%69 VD92EX0")
        #expect(Base45.encode(Array("base-45".utf8)) == "UJCLQE7W581")
        #expect(try Base45.decode("QED8WEX0") == Array("ietf!".utf8))
        #expect(try Base45.decode("") == [])
    }

    @Test func base45RefusesForeignCharactersCutGroupsAndOverflow() {
        #expect(throws: PassError(.malformed, "a character outside Base45")) { try Base45.decode("ab") }
        #expect((try? Base45.decode("BB8B")) == nil)
        // ":::" is 44 + 44·45 + 44·2025 = 91124, above 65535.
        #expect(throws: PassError(.malformed, "a Base45 group is out of range")) { try Base45.decode(":::") }
    }

    @Test func cborEncodesTheRFCExamplesInTheShortestForm() {
        #expect(hex(CBOR.int(0).encoded()) == "00")
        #expect(hex(CBOR.int(23).encoded()) == "17")
        #expect(hex(CBOR.int(24).encoded()) == "1818")
        #expect(hex(CBOR.int(1000).encoded()) == "1903e8")
        #expect(hex(CBOR.int(1_000_000).encoded()) == "1a000f4240")
        #expect(hex(CBOR.int(-1).encoded()) == "20")
        #expect(hex(CBOR.int(-1000).encoded()) == "3903e7")
        #expect(hex(CBOR.text("IETF").encoded()) == "6449455446")
        #expect(hex(CBOR.array([.int(1), .array([.int(2), .int(3)])]).encoded()) == "8201820203")
        #expect(hex(CBOR.tagged(18, .null).encoded()) == "d2f6")
    }

    @Test func cborRoundTripsWhatAPassHolds() throws {
        let item = CBOR.map([.init(.int(-70_001), .map([.init(.text("n"), .text("张*三"))])), .init(.int(4), .int(1_700_000_300)),
                             .init(.int(1), .bytes([1, 2, 3])), .init(.text("ok"), .bool(true)), .init(.text("none"), .null)])
        #expect(try CBORDecoder.decode(item.encoded()) == item)
    }

    @Test func cborRefusesCutAndLyingInput() {
        // A text string claiming 100 bytes with 2 left, an array claiming 2^32 items, a map cut after its key.
        #expect((try? CBORDecoder.decode([0x78, 100, 0x41, 0x42])) == nil)
        #expect((try? CBORDecoder.decode([0x9A, 0xFF, 0xFF, 0xFF, 0xFF])) == nil)
        #expect((try? CBORDecoder.decode([0xA1, 0x01])) == nil)
        #expect((try? CBORDecoder.decode([])) == nil)
        #expect((try? CBORDecoder.decode([0x01, 0x02])) == nil)
        // Nesting beyond any pass is refused rather than followed.
        #expect((try? CBORDecoder.decode([UInt8](repeating: 0x81, count: 40) + [0x01])) == nil)
        #expect((try? CBORDecoder.decode([0x62, 0xC3, 0x28])) == nil)
    }

    let claims = PassClaims(issuer: "CN-620100", subject: "abc", issuedAt: 1_700_000_000, expiresAt: 1_700_000_300,
                            colour: .yellow, maskedName: "张*", kind: .phone)

    /// A stand-in signature scheme, enough to test the envelope's logic without a curve.
    func fakeSign(_ bytes: [UInt8]) -> [UInt8] {
        var sum: UInt64 = 1469598103934665603
        for b in bytes { sum = (sum ^ UInt64(b)) &* 1099511628211 }
        return (0..<64).map { UInt8(truncatingIfNeeded: sum >> UInt64($0 % 8 * 8)) }
    }

    func pass(kid: [UInt8] = [7, 7]) -> String {
        let protected = COSESign1.protectedHeader(keyID: kid)
        let payload = claims.cbor().encoded()
        let signature = fakeSign(COSESign1.toBeSigned(protected: protected, payload: payload))
        return PassText.encode(COSESign1(protected: protected, keyID: kid, payload: payload, signature: signature))
    }

    func verify(_ text: String, at now: Int64 = 1_700_000_100) throws(PassError) -> PassClaims {
        try PassText.verify(text, now: now) { kid in
            kid == [7, 7] ? { signature, signed in signature == fakeSign(signed) } : nil
        }
    }

    @Test func aPassRoundTripsThroughItsTextAndChecksEveryStep() throws {
        let text = pass()
        #expect(text.hasPrefix("CDN1:"))
        #expect(try verify(text) == claims)
        #expect(try verify(text, at: 1_700_000_299) == claims)
        #expect(throws: PassError.self) { try verify(text, at: 1_700_000_300) }
        #expect(throws: PassError(.expired, "the pass expired")) { try verify(text, at: 1_700_000_300) }
        #expect(throws: PassError(.notYetValid, "the pass is issued in the future")) { try verify(text, at: 1_699_999_939) }
        #expect(throws: PassError(.unknownKey, "the pass is signed by a key not in the trust list")) { try verify(pass(kid: [9])) }
        #expect(throws: PassError(.notAPass, "the text does not start with CDN1:")) { try verify("HC1:" + text.dropFirst(5)) }
    }

    @Test func aTamperedOrTruncatedPassIsRefused() throws {
        let message = try PassText.decode(pass())
        var altered = claims.cbor().encoded()
        // Turn "yellow" into "green " style edits: any changed payload byte breaks the signature.
        altered[altered.count - 10] ^= 0x01
        let tampered = PassText.encode(COSESign1(protected: message.protected, keyID: message.keyID, payload: altered, signature: message.signature))
        #expect(throws: PassError(.badSignature, "the signature does not match: the pass was altered")) { try verify(tampered) }
        let text = pass()
        for cut in [6, 20, text.count / 2, text.count - 1] {
            #expect(throws: PassError.self) { try verify(String(text.prefix(cut))) }
        }
        #expect(throws: PassError.self) { try verify("CDN1:") }
    }
}
