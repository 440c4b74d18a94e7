#!/usr/bin/env python3
# Prints the reference values of Tests/CordonDomainTests/Command/ReproductionNumberTests.swift (needs scipy).
# An independent reference for Cori et al. (2013) as EpiEstim computes it, with scipy's gamma distribution.
from scipy.stats import gamma
import numpy as np
def discr_si(k, mu, sigma):
    a = ((mu - 1) / sigma) ** 2; b = sigma ** 2 / (mu - 1)
    F = lambda x, s: gamma.cdf(x, s, scale=b) if x > 0 else 0.0
    v = k * F(k, a) + (k - 2) * F(k - 2, a) - 2 * (k - 1) * F(k - 1, a) + a * b * (2 * F(k - 1, a + 1) - F(k - 2, a + 1) - F(k, a + 1))
    return max(0.0, v)
def si(mu, sigma, n=30):
    w = [discr_si(k, mu, sigma) for k in range(n + 1)]; w[0] = 0; w[n] += max(0, 1 - sum(w)); return w
def rt(I, w, tau=7, pm=5, ps=5):
    a0 = (pm / ps) ** 2; b0 = ps ** 2 / pm
    lam = [sum(I[s - k] * w[k] for k in range(1, min(s + 1, len(w)))) for s in range(len(I))]
    first = next(i for i, x in enumerate(I) if x > 0)
    out = []
    for t in range(max(tau, first + 1), len(I)):
        r = range(t - tau + 1, t + 1)
        shape = a0 + sum(I[s] for s in r); scale = 1 / (1 / b0 + sum(lam[s] for s in r))
        out.append((t, shape * scale, gamma.ppf(0.025, shape, scale=scale), gamma.ppf(0.975, shape, scale=scale)))
    return out
I = [1, 0, 2, 3, 2, 5, 6, 9, 12, 14, 20, 23, 31, 35, 40, 38, 42, 36, 30, 27, 21, 18, 12, 10, 7, 5, 3, 2, 1, 0]
w = si(3.5, 2.4)
print("w", [round(x, 10) for x in w[:10]])
for t, m, lo, hi in rt(I, w):
    print(f"({t}, {m:.6f}, {lo:.6f}, {hi:.6f}),")
print(gamma.cdf(2.5, 1.7, scale=1.3), gamma.ppf(0.975, 10.5, scale=0.2))
