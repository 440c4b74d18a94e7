import CordonDomain
import CordonStore

/// The menu a role sees: each item is shown to the roles the permission table lets open its page.
enum Navigation {
    /// Where a sign-in lands: those who command open on the live dashboard, everyone else on their home page.
    static func landing(for role: Role) -> String {
        role.may(.issueDirectives) ? "/dashboard" : "/"
    }

    /// Each page with the permission its route asks (`nil`: every signed-in person), in menu order.
    static let menu: [(path: String, label: String, permission: Permission?)] = [
        ("/", "nav_home", nil),
        ("/dashboard", "nav_dashboard", .readDashboard),
        ("/tasks", "nav_tasks", .receiveDirectives),
        ("/policy", "nav_policy", .readPolicy),
        ("/supervision", "nav_supervision", .readFindings),
        ("/areas", "nav_areas", .browseAreas),
        ("/residents", "nav_residents", .readResidents),
        ("/screening", "nav_screening", .recordExemptions),
        ("/screening/sample", "nav_sampling", .takeSamples),
        ("/screening/lab", "nav_lab", .receiveTubes),
        ("/screening/orders", "nav_orders", .followRetests),
        ("/cases", "nav_cases", .readCases),
        ("/contacts", "nav_contacts", .readCases),
        ("/clusters", "nav_clusters", .readCases),
        ("/quarantine", "nav_quarantine", .readQuarantine),
        ("/risk-areas", "nav_risk_areas", .readRiskAreas),
        ("/arrivals", "nav_arrivals", .readArrivals),
        ("/registry", "nav_registry", .importRegistry),
        ("/users", "nav_users", .manageUsers),
        ("/audit", "nav_audit", .readAuditLog),
        ("/code", "nav_my_code", .ownRecords),
        ("/checkin", "nav_checkin", .ownRecords),
        ("/my/arrivals", "nav_my_arrivals", .ownRecords),
        ("/my/quarantine", "nav_my_quarantine", .ownRecords),
        ("/checkpoints", "nav_checkpoints", .readCheckpoints),
        ("/venues", "nav_venues", .showVenueCodes),
        ("/verify", "nav_verify", .verifyPasses),
        ("/codes/manual", "nav_manual_colours", .readManualColours),
        ("/tokens", "nav_tokens", nil),
    ]

    static func items(for role: Role, strings: Strings, language: Language) -> [[String: String]] {
        menu.filter { $0.permission.map(role.may) ?? true }.map { ["href": $0.path, "label": strings($0.label, language)] }
    }
}
