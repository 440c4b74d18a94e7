/// The steps a confirmed contact goes through, in order: 通知 → 追到 → 检到 → 管到.
public enum LedgerStage: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    case notified
    case traced
    case tested
    case controlled

    public static func < (a: LedgerStage, b: LedgerStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One contact's progress through the ledger and its clock against the policy's limits.
public struct LedgerClock: Sendable, Hashable, Codable {
    public let confirmedAt: Int64
    public let stamps: [LedgerStage: Int64]

    public init(confirmedAt: Int64, stamps: [LedgerStage: Int64]) {
        self.confirmedAt = confirmedAt
        self.stamps = stamps
    }

    /// The first stage not yet done; nil once the contact is under control.
    public var next: LedgerStage? { LedgerStage.allCases.first { stamps[$0] == nil } }

    /// When `stage` must be done by under `policy`.
    public func due(_ stage: LedgerStage, policy: TracingPolicy) -> Int64? {
        policy.ledgerHours[stage].map { confirmedAt + Int64($0) * 3_600 }
    }

    /// Stages past their limit at `now`: not done by the deadline (done late, or not done and the deadline passed).
    public func overdue(at now: Int64, policy: TracingPolicy) -> [LedgerStage] {
        LedgerStage.allCases.filter { stage in
            guard let due = due(stage, policy: policy) else { return false }
            if let done = stamps[stage] { return done > due }
            return now > due
        }
    }

    /// Whether the contact is late on the stage they are at now (what the overdue list shows).
    public func isOverdue(at now: Int64, policy: TracingPolicy) -> Bool {
        guard let next, let due = due(next, policy: policy) else { return false }
        return now > due
    }

    /// Records `stage` at `at`, refusing a stage out of order, a stage done twice, a time before confirmation or
    /// before the previous stage, and a time in the future.
    public func recording(_ stage: LedgerStage, at: Int64, now: Int64) throws(TracingError) -> LedgerClock {
        guard stage == next else { throw TracingError(.stageOutOfOrder, field: "stage") }
        guard at <= now else { throw TracingError(.inFuture, field: "at") }
        let previous = LedgerStage.allCases.filter { $0 < stage }.compactMap { self.stamps[$0] }.max() ?? confirmedAt
        guard at >= previous else { throw TracingError(.stageBeforeConfirmation, field: "at") }
        var updated = stamps
        updated[stage] = at
        return LedgerClock(confirmedAt: confirmedAt, stamps: updated)
    }
}
