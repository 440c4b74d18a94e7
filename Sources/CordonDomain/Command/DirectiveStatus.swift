/// Where an order from the headquarters stands: issued, acknowledged by its receivers (签收), done with a note (办结),
/// or withdrawn by whoever issued it. Work is measured against the deadline; one not done by then is overdue and shows
/// so to everyone above the receivers.
public enum DirectiveStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case issued
    case acknowledged
    case completed
    case withdrawn

    public var isOpen: Bool { self == .issued || self == .acknowledged }

    /// The status after `step`, or the refusal: each step once, in order, and nothing after the end.
    public func after(_ step: DirectiveStep) throws(DirectiveError) -> DirectiveStatus {
        switch (self, step) {
        case (.issued, .acknowledge): return .acknowledged
        case (.issued, .complete), (.acknowledged, .complete): return .completed
        case (.issued, .withdraw), (.acknowledged, .withdraw): return .withdrawn
        case (.acknowledged, .acknowledge): throw DirectiveError(.alreadyAcknowledged)
        case (.completed, _), (.withdrawn, _): throw DirectiveError(.closed)
        }
    }

    public func isOverdue(deadline: Int64, now: Int64) -> Bool { isOpen && now >= deadline }
}

public enum DirectiveStep: String, Sendable, Hashable, Codable, CaseIterable {
    case acknowledge
    case complete
    case withdraw
}

public struct DirectiveError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case alreadyAcknowledged = "already_acknowledged"
        case closed
        /// Completing needs a note saying what was done.
        case noteMissing = "note_missing"
        case deadlinePassed = "deadline_passed"
        case titleMissing = "title_missing"
        case notReceiver = "not_receiver"
        case notIssuer = "not_issuer"
    }

    public let code: Code
    public init(_ code: Code) { self.code = code }
}

extension DirectiveError: Refusal {
    public var status: RefusalStatus {
        switch code {
        case .noteMissing, .titleMissing, .deadlinePassed: .unprocessable
        case .notReceiver, .notIssuer: .forbidden
        case .alreadyAcknowledged, .closed: .conflict
        }
    }
    public var key: String { "directive.\(code.rawValue)" }
}
