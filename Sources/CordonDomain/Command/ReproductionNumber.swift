/// The time-varying reproduction number by the method of Cori, Ferguson, Fraser and Cauchemez (2013, Am J Epidemiol
/// 178:1505), as the EpiEstim package computes it with a parametric serial interval: over each window of `window` days
/// ending on day t, with incidence I and the serial interval's discretized distribution w, the posterior of R is
/// Gamma(a + ΣI, 1 / (1/b + ΣΛ)), where Λ_s = Σ_k I_{s−k} w_k is the infectiousness on day s and Gamma(a, b) the prior
/// (mean 5, sd 5 by default).
public enum ReproductionNumber {
    public struct Estimate: Sendable, Hashable, Codable {
        /// The index of the window's last day in the incidence series.
        public let day: Int
        public let mean: Double
        public let lower: Double
        public let upper: Double
        /// Cases in the window: too few make an estimate no one should act on.
        public let cases: Int
    }

    /// The serial interval as EpiEstim discretizes it (`discr_si`): a gamma distribution for SI − 1, spread over whole
    /// days so that day 0 gets nothing. Returns w_0 … w_maxDays, summing to 1 once the tail is folded into the last day.
    public static func serialInterval(mean: Double, sd: Double, maxDays: Int = 30) -> [Double] {
        precondition(mean > 1 && sd > 0, "the serial interval's mean must exceed a day")
        let a = (mean - 1) * (mean - 1) / (sd * sd), b = sd * sd / (mean - 1)
        let f = GammaDistribution(shape: a, scale: b), g = GammaDistribution(shape: a + 1, scale: b)
        func F(_ k: Double) -> Double { k <= 0 ? 0 : f.cdf(k) }
        func G(_ k: Double) -> Double { k <= 0 ? 0 : g.cdf(k) }
        var w: [Double] = []
        for k in 0...maxDays {
            let x = Double(k)
            let value = x * F(x) + (x - 2) * F(x - 2) - 2 * (x - 1) * F(x - 1) + a * b * (2 * G(x - 1) - G(x - 2) - G(x))
            w.append(max(0, value))
        }
        w[0] = 0
        let total = w.reduce(0, +)
        w[maxDays] += max(0, 1 - total)
        return w
    }

    /// Estimates for every window that ends on or after `window` days into the series (and after the first day with a
    /// case), with the posterior mean and the `level` credible interval.
    public static func estimate(incidence: [Int], serialInterval w: [Double], window: Int = 7, priorMean: Double = 5, priorSD: Double = 5,
                                level: Double = 0.95) -> [Estimate] {
        guard window > 0, incidence.count > window else { return [] }
        let priorShape = (priorMean / priorSD) * (priorMean / priorSD), priorScale = priorSD * priorSD / priorMean
        let lambda = incidence.indices.map { s in
            (1..<max(1, min(s + 1, w.count))).reduce(0.0) { $0 + Double(incidence[s - $1]) * w[$1] }
        }
        guard let first = incidence.firstIndex(where: { $0 > 0 }), max(window, first + 1) < incidence.count else { return [] }
        var out: [Estimate] = []
        // EpiEstim's default windows start on day 2: the first day has no infectiousness behind it.
        for t in max(window, first + 1)..<incidence.count {
            let range = (t - window + 1)...t
            let cases = range.reduce(0) { $0 + incidence[$1] }
            let pressure = range.reduce(0.0) { $0 + lambda[$1] }
            let shape = priorShape + Double(cases), scale = 1 / (1 / priorScale + pressure)
            let posterior = GammaDistribution(shape: shape, scale: scale)
            let tail = (1 - level) / 2
            out.append(Estimate(day: t, mean: posterior.mean, lower: posterior.quantile(tail), upper: posterior.quantile(1 - tail), cases: cases))
        }
        return out
    }
}
