import Hummingbird

/// The body of a door's check: `{"pass": "…"}`.
struct VerifyBody: Decodable, Equatable {
    let pass: String

    /// What a scanner sends nearly always (the one field, its text in the Base45 alphabet, `/` escaped or not) read
    /// as bytes; JSONDecoder cost as much as the rest of the check. Anything else, other fields or escapes or a
    /// malformed body, is nil here and goes to JSONDecoder, which reads the same text the same way.
    static func plain(_ body: ByteBuffer) -> VerifyBody? {
        body.withUnsafeReadableBytes { bytes -> VerifyBody? in
            var i = 0
            func skipSpace() {
                while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
            }
            func expect(_ literal: StaticString) -> Bool {
                literal.withUTF8Buffer { want in
                    guard i + want.count <= bytes.count, zip(want, bytes[i..<(i + want.count)]).allSatisfy({ $0 == $1 }) else { return false }
                    i += want.count
                    return true
                }
            }
            skipSpace()
            guard expect("{") else { return nil }
            skipSpace()
            guard expect("\"pass\"") else { return nil }
            skipSpace()
            guard expect(":") else { return nil }
            skipSpace()
            guard expect("\"") else { return nil }
            var text: [UInt8] = []
            text.reserveCapacity(bytes.count)
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                var byte = bytes[i]
                if byte == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") else { return nil }
                    i += 1
                    byte = UInt8(ascii: "/")
                }
                guard Self.isBase45(byte) else { return nil }
                text.append(byte)
                i += 1
            }
            guard expect("\"") else { return nil }
            skipSpace()
            guard expect("}") else { return nil }
            skipSpace()
            guard i == bytes.count else { return nil }
            return VerifyBody(pass: String(decoding: text, as: UTF8.self))
        }
    }

    /// `0-9 A-Z`, space and `$%*+-./:`.
    private static func isBase45(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        case UInt8(ascii: " "), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"),
             UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"): true
        default: false
        }
    }
}
