import CordonDomain

/// Why one row of a screening operation was refused: the row (1-based, as the caller sent it), the barcode, a code.
public struct ScreeningIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
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
