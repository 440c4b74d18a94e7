/// What may be done in Cordon. Each role holds a set of these (`Role.permissions`, the one table); the store asks
/// `actor.require(_:)` before it reads or writes, and the server's navigation, links and buttons ask `Role.may(_:)`.
/// Where the work may be done (jurisdiction, a lab's own tubes, a person's own records) is the store's business, not
/// this table's.
public enum Permission: String, Sendable, CaseIterable, Codable {
    // People and places
    case browseAreas = "browse_areas"
    case keepAreas = "keep_areas"
    case readResidents = "read_residents"
    /// Full ID numbers and phones; everyone else sees them masked.
    case seeIdentifiers = "see_identifiers"
    case importRegistry = "import_registry"
    case exportRegistry = "export_registry"
    case recordWorkGroups = "record_work_groups"
    case manageUsers = "manage_users"
    case readAuditLog = "read_audit_log"

    // Screening
    case registerLabs = "register_labs"
    case assignLabs = "assign_labs"
    case readSites = "read_sites"
    case registerSites = "register_sites"
    case openRounds = "open_rounds"
    case takeSamples = "take_samples"
    case readTubes = "read_tubes"
    case receiveTubes = "receive_tubes"
    case uploadResults = "upload_results"
    case readTurnaround = "read_turnaround"
    case recordExemptions = "record_exemptions"

    // Tracing
    case traceCases = "trace_cases"
    case readCases = "read_cases"
    case keepLedger = "keep_ledger"

    // Quarantine
    case runQuarantineSites = "run_quarantine_sites"
    case readQuarantine = "read_quarantine"
    case recordMonitoringChecks = "record_monitoring_checks"

    // Risk areas and arrivals
    case designateRiskAreas = "designate_risk_areas"
    case readRiskAreas = "read_risk_areas"
    case reportArrivals = "report_arrivals"
    case readArrivals = "read_arrivals"
    case keepOrigins = "keep_origins"

    // Codes, passes, doors
    case refreshCodes = "refresh_codes"
    case setManualColours = "set_manual_colours"
    case readManualColours = "read_manual_colours"
    case verifyPasses = "verify_passes"
    case rotateSigningKeys = "rotate_signing_keys"
    case readCheckpoints = "read_checkpoints"
    case registerCheckpoints = "register_checkpoints"
    case recordPassages = "record_passages"
    case showVenueCodes = "show_venue_codes"

    // Command
    case readDashboard = "read_dashboard"
    case readPolicy = "read_policy"
    /// Writes and applies policy versions; the store narrows it to the decider's own scope (city or district).
    case decidePolicy = "decide_policy"
    case issueDirectives = "issue_directives"
    case receiveDirectives = "receive_directives"
    case readFindings = "read_findings"

    // The work lists of `Tasks`: who is handed each kind of work.
    case followContacts = "follow_contacts"
    case followRetests = "follow_retests"
    case visitDoors = "visit_doors"
    case followQuarantineDays = "follow_quarantine_days"
    case followArrivalTests = "follow_arrival_tests"

    /// A citizen's own code, check-ins, arrival reports, trips and quarantine checks, and those of family they act for.
    case ownRecords = "own_records"
}

extension Role {
    /// What this role may do.
    public var permissions: Set<Permission> { Self.table[self] ?? [] }

    public func may(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// The roles holding a permission, e.g. those a directive may be addressed to.
    public static func holding(_ permission: Permission) -> [Role] { allCases.filter { $0.may(permission) } }

    private static let table = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.listed) })

    /// The permission table: every rule of who may do what, in one place.
    private var listed: Set<Permission> {
        switch self {
        case .commander:
            [.browseAreas, .readResidents, .recordWorkGroups, .registerLabs, .readSites, .registerSites, .openRounds, .readTubes,
             .readTurnaround, .recordExemptions, .readCases, .runQuarantineSites, .readQuarantine, .recordMonitoringChecks,
             .designateRiskAreas, .readRiskAreas, .reportArrivals, .readArrivals, .keepOrigins, .refreshCodes, .readManualColours,
             .verifyPasses, .readCheckpoints, .registerCheckpoints, .showVenueCodes, .readDashboard, .readPolicy, .decidePolicy,
             .issueDirectives, .receiveDirectives, .readFindings, .followContacts]
        case .districtOfficer:
            [.browseAreas, .keepAreas, .readResidents, .importRegistry, .exportRegistry, .recordWorkGroups, .readSites,
             .registerSites, .openRounds, .readTurnaround, .recordExemptions, .readCases, .runQuarantineSites, .readQuarantine,
             .recordMonitoringChecks, .designateRiskAreas, .readRiskAreas, .reportArrivals, .readArrivals, .refreshCodes,
             .verifyPasses, .readCheckpoints, .registerCheckpoints, .showVenueCodes, .readDashboard, .readPolicy, .decidePolicy,
             .issueDirectives, .receiveDirectives, .readFindings, .followContacts, .followRetests, .visitDoors, .followArrivalTests]
        case .epidemiologist:
            [.browseAreas, .readResidents, .seeIdentifiers, .traceCases, .readCases, .keepLedger, .readQuarantine, .readRiskAreas,
             .readArrivals, .verifyPasses, .readDashboard, .readPolicy, .receiveDirectives, .followContacts, .followRetests,
             .followArrivalTests]
        case .sampler:
            [.browseAreas, .readResidents, .readSites, .takeSamples, .readTubes, .verifyPasses, .receiveDirectives, .followRetests]
        case .labOperator:
            [.receiveTubes, .uploadResults, .readTurnaround, .receiveDirectives]
        case .quarantineStaff:
            [.browseAreas, .readResidents, .seeIdentifiers, .runQuarantineSites, .readQuarantine, .recordMonitoringChecks,
             .readRiskAreas, .readArrivals, .verifyPasses, .receiveDirectives, .followQuarantineDays]
        case .gridWorker:
            [.browseAreas, .readResidents, .seeIdentifiers, .recordWorkGroups, .recordExemptions, .readCases, .keepLedger,
             .readQuarantine, .recordMonitoringChecks, .readRiskAreas, .reportArrivals, .readArrivals, .verifyPasses,
             .recordPassages, .showVenueCodes, .receiveDirectives, .followContacts, .followRetests, .visitDoors,
             .followQuarantineDays, .followArrivalTests]
        case .checkpointStaff:
            [.verifyPasses, .readCheckpoints, .recordPassages, .showVenueCodes, .receiveDirectives]
        case .hotlineAgent:
            [.browseAreas, .readResidents, .seeIdentifiers, .readRiskAreas, .reportArrivals, .readArrivals, .verifyPasses,
             .receiveDirectives]
        case .supplyOfficer:
            [.browseAreas, .verifyPasses, .receiveDirectives]
        case .medicalOfficer:
            [.browseAreas, .readResidents, .seeIdentifiers, .readQuarantine, .recordMonitoringChecks, .verifyPasses,
             .receiveDirectives, .followQuarantineDays]
        case .codeOfficer:
            [.browseAreas, .readResidents, .readRiskAreas, .refreshCodes, .setManualColours, .readManualColours, .verifyPasses,
             .receiveDirectives]
        case .auditor:
            [.browseAreas, .readAuditLog, .readManualColours, .verifyPasses, .readPolicy, .readFindings]
        case .admin:
            [.browseAreas, .keepAreas, .importRegistry, .manageUsers, .registerLabs, .assignLabs, .readSites, .registerSites,
             .keepOrigins, .verifyPasses, .rotateSigningKeys, .registerCheckpoints]
        case .citizen:
            [.ownRecords]
        }
    }
}
