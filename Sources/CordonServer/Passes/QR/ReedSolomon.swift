/// Arithmetic in GF(2^8) reduced by x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field ISO/IEC 18004 uses.
enum GF256 {
    /// α^i for i in 0..<510; doubled so a product's log sum never needs a modulo.
    static let exp: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 510)
        var value = 1
        for i in 0..<255 {
            table[i] = UInt8(value)
            table[i + 255] = UInt8(value)
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        return table
    }()

    /// Discrete log base α; entry 0 is unused because 0 has no logarithm.
    static let log: [Int] = {
        var table = [Int](repeating: 0, count: 256)
        for i in 0..<255 { table[Int(exp[i])] = i }
        return table
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }
}

/// Produces the error-correction codewords for one block: the remainder of data·x^n divided by
/// the generator g(x) = (x - α^0)(x - α^1)…(x - α^(n-1)).
struct ReedSolomonEncoder: Sendable {
    /// Coefficients of g(x), highest degree first, without the implicit leading 1.
    let generator: [UInt8]

    init(degree: Int) {
        precondition((1...255).contains(degree), "Reed-Solomon degree out of range")
        var poly: [UInt8] = [1]
        for i in 0..<degree {
            var next = [UInt8](repeating: 0, count: poly.count + 1)
            for (j, coefficient) in poly.enumerated() {
                next[j] ^= coefficient
                next[j + 1] ^= GF256.multiply(coefficient, GF256.exp[i])
            }
            poly = next
        }
        generator = Array(poly.dropFirst())
    }

    func remainder(of data: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for k in generator.indices {
                result[k] ^= GF256.multiply(generator[k], factor)
            }
        }
        return result
    }
}
