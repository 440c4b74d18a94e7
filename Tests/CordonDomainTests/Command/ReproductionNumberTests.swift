import CordonDomain
import Testing

@Suite struct ReproductionNumberTests {
    /// An outbreak that grows for two weeks and dies away over the next two.
    static let incidence = [1, 0, 2, 3, 2, 5, 6, 9, 12, 14, 20, 23, 31, 35, 40, 38, 42, 36, 30, 27, 21, 18, 12, 10, 7, 5, 3, 2, 1, 0]

    /// (window end, mean, 2.5 %, 97.5 %) from an independent computation of the same method with scipy's gamma
    /// distribution (`scipy.stats.gamma.cdf` to discretize the serial interval as EpiEstim's `discr_si` does, and
    /// `gamma.ppf` for the posterior), for a serial interval of mean 3.5 days and sd 2.4, weekly windows, prior mean 5
    /// and sd 5.
    static let reference: [(Int, Double, Double, Double)] = [
        (7, 2.963816, 1.969434, 4.158189), (8, 2.862831, 2.045249, 3.815745), (9, 2.561865, 1.913323, 3.303603),
        (10, 2.420808, 1.883533, 3.024473), (11, 2.319755, 1.865357, 2.822939), (12, 2.232492, 1.844751, 2.656667),
        (13, 2.115584, 1.785259, 2.473534), (14, 1.983303, 1.701109, 2.286835), (15, 1.800100, 1.560406, 2.056668),
        (16, 1.673672, 1.464346, 1.896779), (17, 1.506562, 1.324163, 1.700557), (18, 1.346164, 1.185382, 1.517021),
        (19, 1.195088, 1.051245, 1.348019), (20, 1.055836, 0.925148, 1.195033), (21, 0.929555, 0.808904, 1.058470),
        (22, 0.821728, 0.708168, 0.943609), (23, 0.709337, 0.602063, 0.825276), (24, 0.621364, 0.517613, 0.734452),
        (25, 0.554772, 0.451871, 0.668071), (26, 0.483917, 0.381900, 0.597829), (27, 0.427845, 0.324881, 0.544765),
        (28, 0.364056, 0.261253, 0.483650), (29, 0.317764, 0.212812, 0.443421),
    ]

    @Test func theEstimateMatchesAnIndependentComputationOfCoriEtAl() {
        let w = ReproductionNumber.serialInterval(mean: 3.5, sd: 2.4)
        #expect(abs(w[1] - 0.1610242825) < 1e-8 && abs(w[2] - 0.2733736195) < 1e-8 && w[0] == 0)
        #expect(abs(w.reduce(0, +) - 1) < 1e-12)
        let estimates = ReproductionNumber.estimate(incidence: Self.incidence, serialInterval: w)
        #expect(estimates.map(\.day) == Self.reference.map(\.0))
        for (e, r) in zip(estimates, Self.reference) {
            #expect(abs(e.mean - r.1) < 1e-5 && abs(e.lower - r.2) < 1e-5 && abs(e.upper - r.3) < 1e-5, "window ending \(e.day)")
        }
        // Growing above 1 and then falling below it, with the interval around the mean.
        #expect(estimates.first!.lower > 1 && estimates.last!.upper < 1 && estimates.allSatisfy { $0.lower < $0.mean && $0.mean < $0.upper })
        #expect(estimates.last!.cases == 28)
    }

    @Test func theGammaFunctionsAgreeWithScipy() {
        // scipy.stats.gamma.cdf(2.5, 1.7, scale=1.3) and gamma.ppf(0.975, 10.5, scale=0.2)
        #expect(abs(GammaDistribution(shape: 1.7, scale: 1.3).cdf(2.5) - 0.6627067552280481) < 1e-12)
        #expect(abs(GammaDistribution(shape: 10.5, scale: 0.2).quantile(0.975) - 3.5478875905727265) < 1e-8)
        #expect(GammaDistribution(shape: 2, scale: 3).cdf(0) == 0)
    }

    @Test func aSeriesShorterThanTheWindowOrWithoutCasesGivesNoEstimate() {
        let w = ReproductionNumber.serialInterval(mean: 3.5, sd: 2.4)
        #expect(ReproductionNumber.estimate(incidence: [1, 2, 3], serialInterval: w).isEmpty)
        #expect(ReproductionNumber.estimate(incidence: Array(repeating: 0, count: 20), serialInterval: w).isEmpty)
    }
}
