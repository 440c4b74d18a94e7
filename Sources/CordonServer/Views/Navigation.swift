import CordonStore
import CordonDomain

/// The menu a role sees: only what it may open.
enum Navigation {
    /// Where a sign-in lands: those who command open on the live dashboard, everyone else on their home page.
    static func landing(for role: Role) -> String {
        [.commander, .districtOfficer].contains(role) ? "/dashboard" : "/"
    }

    static func items(for role: Role, strings: Strings, language: Language) -> [[String: String]] {
        var items: [(String, String)] = [("/", "nav_home")]
        if [.commander, .districtOfficer, .epidemiologist].contains(role) { items.append(("/dashboard", "nav_dashboard")) }
        if ![.citizen, .admin, .auditor].contains(role) { items.append(("/tasks", "nav_tasks")) }
        if [.commander, .districtOfficer, .epidemiologist, .auditor].contains(role) { items.append(("/policy", "nav_policy")) }
        if [.commander, .districtOfficer, .auditor].contains(role) { items.append(("/supervision", "nav_supervision")) }
        if role.browsesAreas { items.append(("/areas", "nav_areas")) }
        if role.readsResidents { items.append(("/residents", "nav_residents")) }
        if role == .commander || role == .districtOfficer || role == .gridWorker { items.append(("/screening", "nav_screening")) }
        if role == .sampler { items.append(("/screening/sample", "nav_sampling")) }
        if role == .labOperator { items.append(("/screening/lab", "nav_lab")) }
        if role == .gridWorker || role == .epidemiologist || role == .districtOfficer { items.append(("/screening/orders", "nav_orders")) }
        if [.epidemiologist, .commander, .districtOfficer].contains(role) { items.append(("/cases", "nav_cases")) }
        if [.epidemiologist, .commander, .districtOfficer, .gridWorker].contains(role) { items.append(("/contacts", "nav_contacts")) }
        if [.epidemiologist, .commander, .districtOfficer].contains(role) { items.append(("/clusters", "nav_clusters")) }
        if [.quarantineStaff, .commander, .districtOfficer, .gridWorker, .medicalOfficer].contains(role) { items.append(("/quarantine", "nav_quarantine")) }
        if [.commander, .districtOfficer, .gridWorker, .epidemiologist, .quarantineStaff, .codeOfficer, .hotlineAgent].contains(role) {
            items.append(("/risk-areas", "nav_risk_areas"))
        }
        if [.gridWorker, .hotlineAgent, .districtOfficer, .commander, .quarantineStaff, .epidemiologist].contains(role) {
            items.append(("/arrivals", "nav_arrivals"))
        }
        if role.importsRegistry { items.append(("/registry", "nav_registry")) }
        if role.managesUsers { items.append(("/users", "nav_users")) }
        if role.readsAuditLog { items.append(("/audit", "nav_audit")) }
        if role == .citizen {
            items += [("/code", "nav_my_code"), ("/checkin", "nav_checkin"), ("/my/arrivals", "nav_my_arrivals"), ("/my/quarantine", "nav_my_quarantine")]
        }
        if [.checkpointStaff, .districtOfficer, .commander].contains(role) { items.append(("/checkpoints", "nav_checkpoints")) }
        if [.checkpointStaff, .districtOfficer, .commander, .gridWorker].contains(role) { items.append(("/venues", "nav_venues")) }
        if role != .citizen && role != .labOperator { items.append(("/verify", "nav_verify")) }
        if role == .codeOfficer || role == .auditor || role == .commander { items.append(("/codes/manual", "nav_manual_colours")) }
        items.append(("/tokens", "nav_tokens"))
        return items.map { ["href": $0.0, "label": strings($0.1, language)] }
    }
}
