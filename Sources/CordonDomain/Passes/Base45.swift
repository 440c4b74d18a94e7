/// Base45 (RFC 9285): the text a QR code carries for a pass, as the EU Digital COVID Certificate does.
public enum Base45 {
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".utf8)
    /// Each byte's value in the alphabet, or -1: a table, since a door may check thousands of passes a second.
    private static let values: [Int] = {
        var table = [Int](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = i }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 2 * 3 + 2)
        var i = 0
        while i + 1 < bytes.count {
            let n = Int(bytes[i]) << 8 | Int(bytes[i + 1])
            out.append(alphabet[n % 45])
            out.append(alphabet[n / 45 % 45])
            out.append(alphabet[n / 2025])
            i += 2
        }
        if i < bytes.count {
            let n = Int(bytes[i])
            out.append(alphabet[n % 45])
            out.append(alphabet[n / 45])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: Substring) throws(PassError) -> [UInt8] {
        var digits: [Int] = []
        digits.reserveCapacity(text.utf8.count)
        for c in text.utf8 {
            let v = values[Int(c)]
            guard v >= 0 else { throw PassError(.malformed, "a character outside Base45") }
            digits.append(v)
        }
        guard digits.count % 3 != 1 else { throw PassError(.truncated, "the Base45 text ends in the middle of a group") }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 3 * 2 + 1)
        var i = 0
        while i < digits.count {
            if i + 2 < digits.count {
                let n = digits[i] + digits[i + 1] * 45 + digits[i + 2] * 2025
                guard n <= 0xFFFF else { throw PassError(.malformed, "a Base45 group is out of range") }
                out.append(UInt8(n >> 8))
                out.append(UInt8(n & 0xFF))
                i += 3
            } else {
                let n = digits[i] + digits[i + 1] * 45
                guard n <= 0xFF else { throw PassError(.malformed, "a Base45 group is out of range") }
                out.append(UInt8(n))
                i += 2
            }
        }
        return out
    }
}
