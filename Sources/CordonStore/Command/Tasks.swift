import CordonDomain

/// The kinds of work the capabilities make for people, as one day's list shows them.
public enum TaskKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Confirmed contacts whose next ledger stage is due (追到、检到、管到).
    case contactsToTrace = "contacts_to_trace"
    /// Open retest and resample orders after a positive pool.
    case retests
    /// People of the open round not yet sampled: the door-to-door list.
    case doorToDoor = "door_to_door"
    /// Tests people under a measure owe today.
    case quarantineTests = "quarantine_tests"
    /// Twice-daily checks not yet recorded today.
    case quarantineChecks = "quarantine_checks"
    /// Arrivals' tests (三天三检) due or missed.
    case arrivalTests = "arrival_tests"

    /// Who is handed this kind of work: those holding this permission.
    public var permission: Permission {
        switch self {
        case .contactsToTrace: .followContacts
        case .retests: .followRetests
        case .doorToDoor: .visitDoors
        case .quarantineTests, .quarantineChecks: .followQuarantineDays
        case .arrivalTests: .followArrivalTests
        }
    }
}

/// One line of a day's list: how many, how many are late, and the list behind it.
public struct TaskGroup: Sendable, Hashable, Codable {
    public let kind: TaskKind
    public let count: Int
    public let overdue: Int
    /// The page that holds the items (for rounds, the open round's).
    public let path: String
}

public struct TaskList: Sendable {
    public let directives: [DirectiveRecord]
    public let groups: [TaskGroup]
}

/// One list for the day: the directives a person receives and the work the other capabilities have made for their
/// role in their jurisdiction, each counted by the same store call its own page makes, so the two never disagree.
public struct Tasks: Sendable {
    public let registry: Registry
    var clock: Clock { registry.database.clock }

    public init(registry: Registry) { self.registry = registry }

    public func today(actor: Actor, now: Int64? = nil) async throws -> TaskList {
        let now = now ?? clock.now()
        let directives = try await Directives(registry: registry).received(actor: actor, now: now).filter(\.status.isOpen)
        var groups: [TaskGroup] = []
        for kind in TaskKind.allCases where actor.role.may(kind.permission) {
            if let group = try await count(kind, actor: actor, now: now), group.count > 0 { groups.append(group) }
        }
        return TaskList(directives: directives, groups: groups)
    }

    func count(_ kind: TaskKind, actor: Actor, now: Int64) async throws -> TaskGroup? {
        switch kind {
        case .contactsToTrace:
            let ledger = try await Tracing(registry: registry).ledger(actor: actor, filter: .open, limit: 20_000, now: now).filter { $0.next != nil }
            return TaskGroup(kind: kind, count: ledger.count, overdue: ledger.filter(\.overdue).count, path: "/contacts")
        case .retests:
            let orders = try await Screening(registry: registry).openOrders(actor: actor)
            return TaskGroup(kind: kind, count: orders.count, overdue: 0, path: "/screening/orders")
        case .doorToDoor:
            let screening = Screening(registry: registry)
            guard let round = try await screening.rounds(limit: 20).first(where: { $0.opensAt <= now && now < $0.closesAt }) else { return nil }
            let gaps = try await screening.gaps(round: round.id, area: actor.jurisdiction, actor: actor)
            return TaskGroup(kind: kind, count: gaps.count, overdue: 0, path: "/screening/rounds/\(round.id)/gaps")
        case .quarantineTests:
            let tests = try await Quarantine(registry: registry).testsDue(on: CivilDate(unixTime: now), actor: actor).filter { $0.sampledAt == nil }
            return TaskGroup(kind: kind, count: tests.count, overdue: tests.filter { $0.dueBy <= now }.count, path: "/quarantine")
        case .quarantineChecks:
            let checks = try await Quarantine(registry: registry).checksDue(actor: actor, now: now).filter { $0.done < $0.required }
            return TaskGroup(kind: kind, count: checks.count, overdue: 0, path: "/quarantine")
        case .arrivalTests:
            let arrivals = try await Arrivals(registry: registry).arrivals(actor: actor, now: now)
            let owing = arrivals.filter { a in a.tests.contains { $0.sampledAt == nil && $0.dueFrom <= now } }
            return TaskGroup(kind: kind, count: owing.count, overdue: arrivals.filter { !$0.missed(at: now).isEmpty }.count, path: "/arrivals")
        }
    }
}
