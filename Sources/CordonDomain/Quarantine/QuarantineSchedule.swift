/// A person's schedule under one measure, fixed when they are assigned: each phase's span and each test's day,
/// counted in whole days from the start (day 1 runs from the start for 24 hours).
public struct QuarantineSchedule: Sendable, Hashable, Codable {
    public struct Phase: Sendable, Hashable, Codable {
        public let kind: QuarantineKind
        public let start: Int64
        public let end: Int64

        public init(kind: QuarantineKind, start: Int64, end: Int64) {
            self.kind = kind
            self.start = start
            self.end = end
        }
    }

    /// A test the schedule requires: due within the day `[dueFrom, dueBy)`.
    public struct Test: Sendable, Hashable, Codable {
        public let phase: Int
        public let day: Int
        public let dueFrom: Int64
        public let dueBy: Int64

        public init(phase: Int, day: Int, dueFrom: Int64, dueBy: Int64) {
            self.phase = phase
            self.day = day
            self.dueFrom = dueFrom
            self.dueBy = dueBy
        }
    }

    public let tier: MeasureTier
    public let phases: [Phase]
    public let tests: [Test]

    public var start: Int64 { phases.first?.start ?? 0 }
    /// The moment the last phase ends: release is due then, if every test is negative.
    public var end: Int64 { phases.last?.end ?? 0 }

    /// A schedule as it was stored when the person was placed (the policy may have changed since).
    public init(tier: MeasureTier, phases: [Phase], tests: [Test]) {
        self.tier = tier
        self.phases = phases
        self.tests = tests
    }

    /// The end of the central phases the schedule opens with: until then the person needs a room. Nil when it starts
    /// at home.
    public var centralUntil: Int64? {
        var end: Int64?
        for phase in phases {
            guard phase.kind == .central else { break }
            end = phase.end
        }
        return end
    }

    /// The schedule the policy gives `tier` from `start`, or an error when the policy has no such tier.
    public init(tier: MeasureTier, start: Int64, policy: QuarantinePolicy) throws(QuarantineError) {
        guard let measure = policy.measures[tier], !measure.isEmpty else { throw QuarantineError(.tierNotInPolicy) }
        var phases: [Phase] = []
        var tests: [Test] = []
        var at = start
        for (index, phase) in measure.enumerated() {
            phases.append(Phase(kind: phase.kind, start: at, end: at + Int64(phase.days) * 86_400))
            for day in phase.testDays where (1...phase.days).contains(day) {
                let from = at + Int64(day - 1) * 86_400
                tests.append(Test(phase: index, day: day, dueFrom: from, dueBy: from + 86_400))
            }
            at += Int64(phase.days) * 86_400
        }
        self.tier = tier
        self.phases = phases
        self.tests = tests
    }

    /// The phase running at `now`, if any.
    public func phase(at now: Int64) -> Phase? { phases.first { $0.start <= now && now < $0.end } }

    /// Tests due by `now` that no negative sample taken inside their day answers.
    public func missedTests(negativeSamples: [Int64], at now: Int64) -> [Test] {
        tests.filter { test in test.dueBy <= now && !negativeSamples.contains { test.dueFrom <= $0 && $0 < test.dueBy } }
    }

    /// Whether the person may be released at `now`: the last phase is over and every required test has a negative
    /// sample inside its day. Positive results are the caller's to check first: a positive makes a case, not a release.
    public func checkRelease(negativeSamples: [Int64], at now: Int64) throws(QuarantineError) {
        guard now >= end else { throw QuarantineError(.notYetDue) }
        guard missedTests(negativeSamples: negativeSamples, at: now).isEmpty else { throw QuarantineError(.testsOutstanding) }
    }
}
