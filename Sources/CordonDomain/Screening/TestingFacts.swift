/// What screening knows about one person, as the health code and the tracing ledger read it: the last sample and its
/// result, whether a negative result is still valid, the orders a result set off, and routine testing.
public struct TestingFacts: Sendable, Hashable, Codable {
    /// The person's most recent sampling time, resulted or not.
    public let lastSampledAt: Int64?
    /// The result of that sample, nil while the lab has not reported.
    public let lastResult: TestResult?
    /// The sampling time of the most recent negative result.
    public let lastNegativeSampledAt: Int64?
    /// Until when that negative result counts (sampling time plus the policy's validity).
    public let negativeValidUntil: Int64?
    /// Open orders: temporary control and a retest after a positive pool, a resample after an invalid result, a case
    /// candidate after a positive single tube.
    public let openOrders: [ReflexAction]
    /// The occupational group routine testing reaches the person through, whether or not the policy tests it now.
    public let workGroup: WorkGroup?
    public let routine: RoutineState

    public init(lastSampledAt: Int64?, lastResult: TestResult?, lastNegativeSampledAt: Int64?, openOrders: [ReflexAction],
                workGroup: WorkGroup? = nil, routine: RoutineState, policy: ScreeningPolicy) {
        self.lastSampledAt = lastSampledAt
        self.lastResult = lastResult
        self.lastNegativeSampledAt = lastNegativeSampledAt
        self.negativeValidUntil = lastNegativeSampledAt.map { policy.validUntil(sampledAt: $0) }
        self.openOrders = openOrders
        self.workGroup = workGroup
        self.routine = routine
    }

    /// Whether a negative result counts at `now`: it does from sampling until, not including, the end of validity.
    public func hasValidNegative(at now: Int64) -> Bool {
        guard let until = negativeValidUntil else { return false }
        return now < until
    }

    public var underTemporaryControl: Bool { openOrders.contains(.temporaryControl) }
}

extension ScreeningPolicy {
    /// The moment a result sampled at `sampledAt` stops counting: validity runs from sampling, not from the result.
    public func validUntil(sampledAt: Int64) -> Int64 { sampledAt + Int64(validityHours) * 3_600 }
}
