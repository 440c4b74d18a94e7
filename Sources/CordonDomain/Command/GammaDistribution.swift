#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The gamma distribution by shape and scale: its distribution function (the regularized lower incomplete gamma
/// function, by series below `shape + 1` and by continued fraction above, as in Numerical Recipes) and its quantiles
/// (by bisection on the distribution function, to a relative 1e-10).
public struct GammaDistribution: Sendable, Hashable {
    public let shape: Double
    public let scale: Double

    public init(shape: Double, scale: Double) {
        precondition(shape > 0 && scale > 0, "a gamma distribution needs a positive shape and scale")
        self.shape = shape
        self.scale = scale
    }

    /// From a mean and standard deviation.
    public init(mean: Double, sd: Double) {
        self.init(shape: (mean / sd) * (mean / sd), scale: sd * sd / mean)
    }

    public var mean: Double { shape * scale }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        x <= 0 ? 0 : Self.regularizedLowerGamma(shape, x / scale)
    }

    /// The x with P(X ≤ x) = p.
    public func quantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "a quantile lies strictly between 0 and 1")
        var low = 0.0, high = max(1.0, mean)
        while cdf(high) < p { high *= 2 }
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if cdf(mid) < p { low = mid } else { high = mid }
            if high - low <= 1e-10 * high { break }
        }
        return (low + high) / 2
    }

    static func regularizedLowerGamma(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logPrefix = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            // Series: x^a e^-x / Γ(a+1) Σ x^n / ((a+1)…(a+n)).
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
            }
            return min(1, sum * exp(logPrefix))
        }
        // Continued fraction for the upper function Q (modified Lentz).
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return max(0, 1 - exp(logPrefix) * h)
    }
}
