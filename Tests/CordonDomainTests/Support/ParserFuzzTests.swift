import CordonDomain
import Testing

/// A small seeded generator, so a failure names a seed that reproduces it.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Every parser that reads what people and machines send, fed random and mutated input many thousands of times. None
/// may trap; each answers with its own typed error (typed throws make any other error a compile failure), and the
/// round trips hold. The bugs these found: a long run of digits as a temperature overflowed and trapped.
@Suite struct ParserFuzzTests {
    static let alphabet: [Character] = Array("0123456789XxABCZaz -.:/%*+$,;\"'\\\n\t\r\u{0}\u{7f}健康码通行证甘A和平😷") + ["\u{301}"]

    static func text(_ rng: inout SplitMix64, max: Int = 40) -> String {
        let length = Int.random(in: 0...max, using: &rng)
        var out = ""
        for _ in 0..<length {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: out += String(repeating: "9", count: Int.random(in: 15...40, using: &rng))  // overflow bait
            default: out.append(alphabet.randomElement(using: &rng)!)
            }
        }
        return out
    }

    static func bytes(_ rng: inout SplitMix64, max: Int = 200) -> [UInt8] {
        (0..<Int.random(in: 0...max, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64]) func textParsersNeverTrap(seed: UInt64) {
        var rng = SplitMix64(state: seed)
        for i in 0..<4_000 {
            // Every tenth a bare run of 15 to 22 digits, every other one negative: where arithmetic on a parsed value overflows.
            let s = i % 10 == 0 ? (i % 20 == 0 ? "-" : "") + String(repeating: "9", count: 15 + i / 20 % 8) : Self.text(&rng)
            _ = try? IDNumber(s)
            _ = try? PhoneNumber(s)
            _ = try? Barcode.validate(s)
            _ = try? PlateNumber.validate(s)
            _ = try? Area.validateCode(s)
            _ = try? SpecialGroup.parseList(s)
            _ = try? WorkGroup.parse(s)
            _ = LocalTime.parse(s)
            _ = try? MonitoringCheck.parseTemperature(s)
            _ = try? MonitoringCheck.parseSymptoms(s)
            _ = try? VenueCode(parsing: s)
            _ = try? PassText.decode(s)
            _ = try? PassText.decode("CDN1:" + s)
            _ = try? Base45.decode(Substring(s))
        }
    }

    @Test(arguments: [4, 5, 6] as [UInt64]) func binaryParsersNeverTrapAndBase45RoundTrips(seed: UInt64) throws {
        var rng = SplitMix64(state: seed)
        for _ in 0..<4_000 {
            let b = Self.bytes(&rng)
            _ = try? CBORDecoder.decode(b)
            if let cbor = try? CBORDecoder.decode(b) { _ = try? PassClaims(cbor: cbor) }
            #expect(try Base45.decode(Substring(Base45.encode(b))) == b)
        }
    }

    /// A real pass cut short or with any byte changed is refused with a pass error, never accepted and never a trap.
    @Test func mutatedPassesAreRefused() {
        let claims = PassClaims(issuer: "CN-620100", subject: "abc", issuedAt: 1_800_000_000, expiresAt: 1_800_000_300, colour: .green,
                                maskedName: "张*三", kind: .phone)
        let protected = COSESign1.protectedHeader(keyID: [1, 2, 3, 4])
        let message = COSESign1(protected: protected, keyID: [1, 2, 3, 4], payload: claims.cbor().encoded(), signature: Array(repeating: 7, count: 64))
        let bytes = message.encoded()
        var rng = SplitMix64(state: 9)
        for _ in 0..<3_000 {
            var changed = bytes
            if Bool.random(using: &rng) {
                changed = Array(changed.prefix(Int.random(in: 0..<changed.count, using: &rng)))
            } else {
                let i = Int.random(in: 0..<changed.count, using: &rng)
                changed[i] ^= UInt8.random(in: 1...255, using: &rng)
            }
            let text = PassText.encode(try! COSESign1(decoding: bytes)).prefix(5) + Base45.encode(changed)
            // Checked against a verifier that accepts only the original signed bytes.
            let original = COSESign1.toBeSigned(protected: protected, payload: message.payload)
            let result = Result { () throws(PassError) in
                try PassText.verify(String(text), now: 1_800_000_100) { _ in { signature, signed in signed == original && signature == message.signature } }
            }
            if case .success(let got) = result { #expect(got == claims, "a changed pass verified as something else") }
        }
    }
}
