/// SplitMix64: small, fast and the same on every platform, so a seed always yields the same city.
public struct SplitMix: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generator for one independent part of the city (a district, a day), so parts can be built in any order.
    public static func derive(_ seed: UInt64, _ part: UInt64) -> SplitMix {
        var mixer = SplitMix(seed: seed ^ (part &* 0xD6E8_FEB8_6659_FD93))
        _ = mixer.next()
        return SplitMix(seed: mixer.next())
    }

    /// Picks an index with the given relative weights.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var x = Double.random(in: 0..<total, using: &self)
        for (i, w) in weights.enumerated() {
            x -= w
            if x < 0 { return i }
        }
        return weights.count - 1
    }
}
