import CordonDomain

/// Why one row of a screening operation was refused: the row (1-based, as the caller sent it), the barcode, a code.
public struct ScreeningIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        case malformedBarcode = "malformed_barcode"
        case unknownTube = "unknown_tube"
        case unknownSite = "unknown_site"
        case unknownLab = "unknown_lab"
        case unknownBatch = "unknown_batch"
        case unknownResident = "unknown_resident"
        case unknownRound = "unknown_round"
        case duplicateBarcode = "duplicate_barcode"
        case badPool = "bad_pool"
        case tubeNotOpen = "tube_not_open"
        case tubeFull = "tube_full"
        case alreadyInTube = "already_in_tube"
        case otherHousehold = "other_household"
        case needsSingleTube = "needs_single_tube"
        case groupPool = "group_pool"
        case tubeEmpty = "tube_empty"
        case tubeNotClosed = "tube_not_closed"
        case notReceivedByLab = "not_received_by_lab"
        case resultBeforeCollection = "result_before_collection"
        case conflictingResult = "conflicting_result"
        case badResult = "bad_result"
        case alreadyReceived = "already_received"
        case wrongLab = "wrong_lab"
        case badTime = "bad_time"

        init(_ refusal: TubeRefusal) {
            switch refusal {
            case .notOpen: self = .tubeNotOpen
            case .full: self = .tubeFull
            case .alreadyInTube: self = .alreadyInTube
            case .otherHousehold: self = .otherHousehold
            case .needsSingleTube: self = .needsSingleTube
            case .groupPool: self = .groupPool
            }
        }
    }

    public let row: Int?
    public let barcode: String?
    public let code: Code

    public init(row: Int? = nil, barcode: String? = nil, _ code: Code) {
        self.row = row
        self.barcode = barcode
        self.code = code
    }

    public var messageKey: String { "screening.\(code.rawValue)" }

    public var description: String {
        var parts: [String] = []
        if let row { parts.append("row \(row)") }
        if let barcode { parts.append("tube \(barcode)") }
        parts.append(code.rawValue.replacingOccurrences(of: "_", with: " "))
        return parts.joined(separator: ", ")
    }
}

/// A screening operation refused as a whole; nothing was written.
public struct ScreeningFailure: Error, Sendable, CustomStringConvertible {
    public let issues: [ScreeningIssue]
    public init(_ issues: [ScreeningIssue]) { self.issues = issues }
    public var description: String { issues.prefix(20).map(\.description).joined(separator: "\n") }
}

extension String {
    fileprivate func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}

extension ScreeningIssue {
    public var issue: Issue { Issue(row: row, tube: barcode, key: messageKey) }
}

extension ScreeningFailure: Refusal {
    /// One tube, batch or round named on its own (the path, or the one field) that does not exist is not found; a row
    /// of an upload naming one is part of a refused file.
    public var status: RefusalStatus {
        let missing: Set<ScreeningIssue.Code> = [.unknownTube, .unknownBatch, .unknownRound]
        if issues.count == 1, let only = issues.first, only.row == nil, missing.contains(only.code) { return .notFound }
        return .unprocessable
    }
    public var key: String { "screening.refused" }
    public var faults: [Issue] { issues.map(\.issue) }
}
