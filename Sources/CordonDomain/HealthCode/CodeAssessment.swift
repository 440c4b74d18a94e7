/// A person's colour at one moment with every reason behind it, and the next moment the colour may change by the
/// clock alone (a quarantine ends, a test falls overdue, a manual colour expires). A stored code is current until then
/// or until one of its facts changes.
public struct CodeAssessment: Sendable, Hashable, Codable {
    public let colour: CodeColour
    public let reasons: [CodeReason]
    public let assessedAt: Int64
    public let changesAt: Int64?

    /// The colour the rules give, before any manual colour.
    public var ruleColour: CodeColour {
        reasons.filter { $0.rule != .manual }.map(\.colour).max() ?? .green
    }

    public init(colour: CodeColour, reasons: [CodeReason], assessedAt: Int64, changesAt: Int64?) {
        self.colour = colour
        self.reasons = reasons
        self.assessedAt = assessedAt
        self.changesAt = changesAt
    }
}

public enum HealthCode {
    /// The colour `facts` give under `policy` at `now`. Pure: the same facts, policy and moment always give the same
    /// colour and reasons, so a code computed on demand equals one kept up to date by events.
    ///
    /// The colour is the strictest any rule gives; an approved manual colour in force replaces it (the latest approved
    /// wins), and the rule-based reasons stay listed beside it so nobody's colour is ever unexplained.
    public static func assess(_ facts: HealthFacts, policy: HealthCodePolicy, now: Int64) -> CodeAssessment {
        var reasons: [CodeReason] = []
        var changes = ChangeClock(now: now)

        func add(_ rule: CodeRule, _ source: FactSource, since: Int64?, until: Int64?, _ clearance: Clearance) {
            guard let colour = policy.colours[rule] else { return }
            reasons.append(CodeReason(rule: rule, colour: colour, source: source, since: since, until: until, clearance: clearance))
        }
        func active(since: Int64, until: Int64?) -> Bool {
            changes.note(since)
            changes.note(until)
            return since <= now && until.map { now < $0 } ?? true
        }

        for fact in facts.cases where active(since: fact.since, until: fact.closedAt) {
            let rule: CodeRule = switch fact.classification {
            case .confirmed: .confirmedCase
            case .asymptomatic: .asymptomaticCase
            case .suspected: .suspectedCase
            }
            add(rule, FactSource(kind: .caseRecord, id: fact.caseID), since: fact.since, until: fact.closedAt, .followTreatment)
        }

        let quarantined = facts.quarantines.filter { active(since: $0.since, until: $0.until) }
        for fact in quarantined {
            let rule: CodeRule = switch fact.kind {
            case .central: .centralQuarantine
            case .home: .homeQuarantine
            case .monitoring: .homeMonitoring
            }
            add(rule, FactSource(kind: .quarantine, id: fact.assignmentID), since: fact.since, until: fact.until, .completeQuarantine)
        }
        // A contact's own rule speaks only until a measure is in place; then the quarantine's reason says it better.
        for fact in facts.contacts where active(since: fact.since, until: fact.until) && quarantined.isEmpty {
            let rule: CodeRule = fact.tier == .close ? .closeContact : .secondaryContact
            add(rule, FactSource(kind: .contact, id: fact.contactID), since: fact.since, until: fact.until, .contactTracers)
        }

        if let testing = facts.testing {
            if testing.underTemporaryControl {
                add(.temporaryControl, FactSource(kind: .screeningOrder, label: ReflexAction.temporaryControl.rawValue),
                    since: testing.lastSampledAt, until: nil, .awaitRetest)
            }
            let routine = testing.routine
            if let requirement = routine.requirement {
                changes.note(routine.dueAt)
                if routine.dueAt.map({ now >= $0 }) ?? true {
                    add(.routineOverdue, FactSource(kind: .routineTesting, label: requirement.key, at: routine.dueAt),
                        since: routine.dueAt, until: nil, .getTested)
                }
            }
        }

        if let area = facts.residenceRisk {
            let rule: CodeRule? = switch area.risk {
            case .high: .highRiskArea
            case .medium: .mediumRiskArea
            case .low: nil
            }
            if let rule { add(rule, FactSource(kind: .area, id: area.areaID, label: area.areaName), since: nil, until: nil, .stayInArea) }
        }

        let lastNegative = facts.testing?.lastNegativeSampledAt
        for visit in facts.riskPointVisits where !(lastNegative.map { $0 > visit.visitedAt } ?? false) {
            add(.riskPointVisit, FactSource(kind: .riskPoint, id: visit.riskPointID, label: visit.venueName, at: visit.visitedAt),
                since: visit.visitedAt, until: nil, .getTested)
        }

        for visit in facts.riskAreaVisits where !(lastNegative.map { $0 > visit.visitedAt } ?? false) {
            add(.riskAreaVisit, FactSource(kind: .areaVisit, id: visit.designationID, label: visit.areaName, at: visit.visitedAt),
                since: visit.visitedAt, until: nil, .getTested)
        }

        for test in facts.arrivalTests where test.sampledAt == nil {
            changes.note(test.dueBy)
            if now >= test.dueBy {
                add(.arrivalTestMissed, FactSource(kind: .arrivalTest, id: test.arrivalID, label: String(test.day), at: test.dueBy),
                    since: test.dueBy, until: nil, .getTested)
            }
        }

        if let hours = policy.pharmacyTestHours {
            let lastSample = facts.testing?.lastSampledAt
            for purchase in facts.pharmacyPurchases where !(lastSample.map { $0 >= purchase.boughtAt } ?? false) {
                let deadline = purchase.boughtAt + Int64(hours) * 3_600
                changes.note(deadline)
                if now >= deadline {
                    add(.pharmacyUntested, FactSource(kind: .pharmacyPurchase, id: purchase.purchaseID, label: purchase.pharmacyName,
                                                      at: purchase.boughtAt), since: deadline, until: nil, .getTested)
                }
            }
        }

        let manual = facts.manualColours
            .filter { active(since: $0.approvedAt, until: $0.expiresAt) }
            .max { $0.approvedAt < $1.approvedAt }
        if let manual {
            reasons.append(CodeReason(rule: .manual, colour: manual.colour,
                                      source: FactSource(kind: .manualColour, id: manual.requestID, label: manual.reason),
                                      since: manual.approvedAt, until: manual.expiresAt, clearance: .waitOrAppeal))
        }

        let colour = manual?.colour ?? reasons.map(\.colour).max() ?? .green
        return CodeAssessment(colour: colour, reasons: reasons, assessedAt: now, changesAt: changes.earliest)
    }
}

/// The earliest moment after `now` at which some fact starts or stops counting.
struct ChangeClock {
    let now: Int64
    private(set) var earliest: Int64?

    init(now: Int64) { self.now = now }

    mutating func note(_ moment: Int64?) {
        guard let moment, moment > now else { return }
        earliest = min(earliest ?? moment, moment)
    }
}
