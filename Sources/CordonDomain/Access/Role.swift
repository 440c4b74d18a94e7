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
}
