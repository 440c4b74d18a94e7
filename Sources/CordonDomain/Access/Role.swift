/// Who a user is in the response, which decides what they may see and do.
public enum Role: String, Sendable, Codable, CaseIterable {
    case commander
    case districtOfficer = "district_officer"
    case epidemiologist
    case sampler
    case labOperator = "lab_operator"
    case quarantineStaff = "quarantine_staff"
    case gridWorker = "grid_worker"
    case checkpointStaff = "checkpoint_staff"
    case hotlineAgent = "hotline_agent"
    case supplyOfficer = "supply_officer"
    case medicalOfficer = "medical_officer"
    case codeOfficer = "code_officer"
    case auditor
    case admin
    case citizen

    /// Whether the role opens residents' records at all. Labs see barcodes, checkpoints a colour and a masked name,
    /// admins manage accounts: none of them browse people.
    public var readsResidents: Bool {
        switch self {
        case .commander, .districtOfficer, .epidemiologist, .sampler, .quarantineStaff, .gridWorker,
             .hotlineAgent, .medicalOfficer, .codeOfficer:
            true
        case .labOperator, .checkpointStaff, .supplyOfficer, .auditor, .admin, .citizen:
            false
        }
    }

    /// Whether the role needs full ID numbers and phone numbers: tracers call people, grid workers knock on doors,
    /// hotline agents confirm identity. Everyone else sees them masked.
    public var seesIdentifiers: Bool {
        switch self {
        case .epidemiologist, .gridWorker, .hotlineAgent, .quarantineStaff, .medicalOfficer: true
        default: false
        }
    }

    public var managesUsers: Bool { self == .admin }
    public var importsRegistry: Bool { self == .admin || self == .districtOfficer }
    /// Sees how long samples take from swab to result (labs, and those who answer for the round).
    public var readsTurnaround: Bool { self == .commander || self == .districtOfficer || self == .labOperator }
    public var readsAuditLog: Bool { self == .auditor }
    /// Checks a pass shown at a door or desk. A citizen shows passes and a lab never meets the person.
    public var checksPasses: Bool { self != .citizen && self != .labOperator }
    public var browsesAreas: Bool { self != .citizen && self != .labOperator && self != .checkpointStaff }
}
