import ArgumentParser
import CordonDomain
import CordonServer
import CordonSim
import CordonStore
import Foundation

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Generate (or reuse) a demo city, print one account per role, and serve it.")

    @Option(help: "Residents in the generated city.") var residents = 100_000
    @Option(help: "Seed for the generator; the same seed gives the same city.") var seed: UInt64 = 1
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "The SQLite file to create or reuse.") var database = "./cordon-demo.sqlite"
    @Flag(help: "Prepare the database and print the accounts, then exit instead of serving.") var noServe = false

    func run() async throws {
        let settings = Settings.fromEnvironment()
        if FileManager.default.fileExists(atPath: database) {
            let existing = try await Runtime.open(database, settings: settings)
            let complete = try await CityGenerator.isComplete(existing.database)
            await existing.database.close()
            if !complete {
                report("\(database) holds an unfinished city; starting it again")
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            }
        }
        let runtime = try await Runtime.open(database, settings: settings)
        do {
            try await prepare(runtime)
        } catch {
            await runtime.database.close()
            throw error
        }
        if noServe { await runtime.database.close(); return }
        try await serve(runtime, host: "127.0.0.1", port: port)
    }

    private func prepare(_ runtime: Runtime) async throws {
        if try await runtime.database.cityArea() == nil {
            let started = ContinuousClock.now
            let summary = try await CityGenerator(registry: runtime.registry).generate(
                CityOptions(residents: residents, seed: seed, today: CivilDate(unixTime: Int64(Date().timeIntervalSince1970))),
                actor: runtime.bootstrapActor(), progress: { report($0) })
            report("generated \(summary.residents) residents, \(summary.venues) venues, \(summary.samplingSites) sampling sites, \(summary.visits) visits in \(ContinuousClock.now - started)")
        }
        let screening = Screening(registry: runtime.registry)
        if try await screening.rounds(limit: 1).isEmpty, let city = try await runtime.database.cityArea() {
            let started = ContinuousClock.now
            let round = try await RoundSimulator(screening: screening).run(name: "全员核酸筛查（演示）", under: city,
                                                                          now: UnixTime.now() - 20 * 3_600)
            report("screening round: \(round.tubes) tubes, \(round.swabs) swabs, \(round.positives) positive pools, \(round.orders) orders in \(ContinuousClock.now - started)")
            let clinics = try await ClinicSimulator(screening: screening).run(under: city)
            report("fever clinics: \(clinics.tubes) single tubes, \(clinics.resulted) resulted, \(clinics.positives) positive")
        }
        let accounts = try await DemoAccounts.ensure(runtime)
        for account in accounts {
            emit("account \(account.label) \(account.username) \(account.password)")
        }
        try await DemoAccounts.manualColours(runtime)
        try await DemoAccounts.checkpoint(runtime)
        try await DemoAccounts.outbreak(runtime)
        try await DemoAccounts.containment(runtime)
        try await DemoAccounts.command(runtime)
        emit("serving on http://127.0.0.1:\(port)")
        emit("dashboard http://127.0.0.1:\(port)/dashboard (sign in as the commander)")
    }
}

/// One account per role, placed where that role works. Passwords are derived from the data key, so they are the
/// same every time the demo starts but cannot be guessed without the key file.
enum DemoAccounts {
    struct Account {
        let role: Role
        let username: String
        let password: String
        /// The role, or for a second account of a role its name without the prefix (`code_officer_2`).
        var label: String { String(username.dropFirst("demo_".count)) }
    }

    static func ensure(_ runtime: Runtime) async throws -> [Account] {
        let actor = try await runtime.operatorActor()
        let city = actor.jurisdiction
        let district = try await runtime.database.children(of: city, actor: actor).first?.area ?? city
        var grid = district
        var household = district
        while let child = try await runtime.database.children(of: household, actor: actor).first?.area {
            if child.level == .grid { grid = child }
            household = child
        }
        let passwords = Passwords(cost: runtime.settings.bcryptCost)
        var accounts: [Account] = []
        var labOperators: [String] = []
        for role in Role.allCases {
            let username = "demo_\(role.rawValue)"
            let password = derivePassword(username: username, key: try runtime.settings.cipher(for: runtime.database.location))
            let area: Area = switch role {
            case .districtOfficer, .quarantineStaff, .checkpointStaff: district
            case .gridWorker, .sampler: grid
            case .citizen: household
            default: city
            }
            if try await runtime.database.user(username: username) == nil {
                defer { if role == .labOperator { labOperators.append(username) } }
                try await runtime.database.createUser(username: username, displayName: "演示\(role.rawValue)", passwordHash: try await passwords.hash(password),
                                                      role: role, areaID: area.id, actor: actor, reason: "demo account")
            }
            accounts.append(Account(role: role, username: username, password: password))
        }
        try await linkCitizen(runtime, household: household, actor: actor)
        // A second code officer, so a manual colour can be approved (the first may not approve their own).
        let second = "demo_code_officer_2"
        let secondPassword = derivePassword(username: second, key: try runtime.settings.cipher(for: runtime.database.location))
        if try await runtime.database.user(username: second) == nil {
            try await runtime.database.createUser(username: second, displayName: "演示code_officer 2", passwordHash: try await passwords.hash(secondPassword),
                                                  role: .codeOfficer, areaID: city.id, actor: actor, reason: "demo account")
        }
        accounts.append(Account(role: .codeOfficer, username: second, password: secondPassword))
        // The demo lab operator works for the lab the simulated round used, so their page shows its tubes.
        for username in labOperators where try await Screening(registry: runtime.registry).labExists(code: "LAB000SIM") {
            try await Screening(registry: runtime.registry).assignLab(username: username, labCode: "LAB000SIM",
                                                                     actor: Actor(userID: nil, name: actor.name, role: .admin, jurisdiction: city))
        }
        return accounts
    }

    /// The demo citizen is the first resident of their household and acts for the second (a parent or a child).
    static func linkCitizen(_ runtime: Runtime, household: Area, actor: Actor) async throws {
        let people = try await runtime.database.read { session in
            try await session.select("SELECT id FROM residents WHERE household_id = ? ORDER BY id", binds: [.int(household.id)], types: [.int])
                .compactMap { $0[0].int }
        }
        guard let me = people.first else { return }
        try await runtime.database.linkCitizen(username: "demo_citizen", residentID: me, actor: actor)
        if people.count > 1 {
            try? await runtime.registry.addProxy(residentID: people[1], proxyResidentID: me, relation: "家属", actor: actor)
        }
    }

    /// One approved manual colour and one awaiting a second officer, so the officers' and the auditor's lists show
    /// both: requested by demo_code_officer, approved by demo_code_officer_2.
    static func manualColours(_ runtime: Runtime) async throws {
        let codes = HealthCodes(registry: runtime.registry)
        guard let first = try await runtime.database.user(username: "demo_code_officer"),
              let second = try await runtime.database.user(username: "demo_code_officer_2") else { return }
        let requester = try await runtime.database.actor(for: first)
        guard try await codes.manualColours(actor: requester, pendingOnly: false, day: CivilDate(unixTime: UnixTime.now())).isEmpty else { return }
        let people = try await runtime.database.read { session in
            try await session.select("SELECT id FROM residents ORDER BY id LIMIT 2 OFFSET 500", binds: [], types: [.int]).compactMap { $0[0].int }
        }
        guard people.count == 2 else { return }
        let approved = try await codes.requestManualColour(residentID: people[0], colour: .yellow, reason: "外省返兰未报备，待核实", hours: 48, actor: requester)
        try await codes.decideManualColour(requestID: approved, approve: true, actor: try await runtime.database.actor(for: second))
        try await codes.requestManualColour(residentID: people[1], colour: .red, reason: "拒不配合流调，待复核", hours: 24, actor: requester)
    }

    /// A traffic checkpoint in the demo checkpoint staff's district, so the verifier can record passages.
    static func checkpoint(_ runtime: Runtime) async throws {
        guard let staff = try await runtime.database.user(username: "demo_checkpoint_staff") else { return }
        let door = try await runtime.database.actor(for: staff)
        let points = Checkpoints(registry: runtime.registry)
        guard try await points.checkpoints(actor: door).isEmpty else { return }
        try await points.createCheckpoint(code: "KK" + door.jurisdiction.code.filter { $0.isLetter || $0.isNumber }.uppercased().prefix(10),
                                          name: door.jurisdiction.name + "交通卡口", areaCode: door.jurisdiction.code, kind: "traffic",
                                          actor: try await runtime.operatorActor())
    }

    /// Cases traced by the demo epidemiologist: contacts at every ledger stage, a chain and a cluster, a risk point.
    static func outbreak(_ runtime: Runtime) async throws {
        guard let user = try await runtime.database.user(username: "demo_epidemiologist") else { return }
        let tracer = try await runtime.database.actor(for: user)
        let tracing = Tracing(registry: runtime.registry)
        guard try await tracing.cases(actor: tracer, limit: 1).isEmpty else { return }
        let started = ContinuousClock.now
        let summary = try await OutbreakTracer(tracing: tracing, screening: Screening(registry: runtime.registry)).run(actor: tracer)
        report("tracing: \(summary.cases) cases, \(summary.contacts) contacts in the ledger, a cluster of \(summary.clusterSize), \(summary.riskPoints) risk point in \(ContinuousClock.now - started)")
    }

    /// Quarantine sites in the demo quarantine staff's district filled with the ledger's contacts, releases, risk areas
    /// (one stepped down by the clock) and arrivals in the demo grid worker's grid.
    static func containment(_ runtime: Runtime) async throws {
        guard let staff = try await runtime.database.user(username: "demo_quarantine_staff"),
              let gridUser = try await runtime.database.user(username: "demo_grid_worker") else { return }
        let city = try await runtime.operatorActor()
        guard try await Quarantine(registry: runtime.registry).sites(actor: city).isEmpty else { return }
        let district = try await runtime.database.actor(for: staff).jurisdiction
        let started = ContinuousClock.now
        let s = try await ContainmentSimulator(registry: runtime.registry).run(city: city, district: district,
                                                                               grid: try await runtime.database.actor(for: gridUser))
        report("containment: \(s.sites) quarantine sites, \(s.placed) placed, \(s.waiting) waiting for a room, \(s.released) released, \(s.designations) risk areas (\(s.steppedDown) stepped down), \(s.arrivals) arrivals in \(ContinuousClock.now - started)")
    }

    /// The headquarters at work: the city switched to emergency response this morning under the policy in force, a
    /// district version being drafted, directives to the outbreak district (one overdue) and an inspector's finding
    /// with its follow-up.
    static func command(_ runtime: Runtime) async throws {
        guard let commanderUser = try await runtime.database.user(username: "demo_commander"),
              let staff = try await runtime.database.user(username: "demo_quarantine_staff"),
              let gridUser = try await runtime.database.user(username: "demo_grid_worker") else { return }
        let commander = try await runtime.database.actor(for: commanderUser)
        let policies = Policies(registry: runtime.registry)
        guard try await policies.decisions(actor: commander, limit: 1).isEmpty else { return }
        let now = UnixTime.now()
        let district = try await runtime.database.actor(for: staff).jurisdiction
        let grid = try await runtime.database.actor(for: gridUser).jurisdiction
        try await policies.decide(presetID: runtime.database.policies.inForce(at: now).id, from: now - 6 * 3_600, mode: .emergency, level: ResponseLevel(2),
                                  reschedule: false, reason: "本土聚集性疫情，启动二级应急响应", actor: commander, now: now)
        try await policies.createVersion(name: "\(district.name)密接 5+3（草案）", basedOn: PolicyPreset.ninthEdition.id,
                                         overrides: ["quarantine.close_contact.1.days": "5", "quarantine.close_contact.1.test_days": "1,2,3,5"],
                                         actor: commander, now: now)
        let directives = Directives(registry: runtime.registry)
        try await directives.issue(title: "\(grid.name)今日 18 时前完成上门排查", body: "逐户核对未采样人员，特殊人群登记需求", areaID: grid.id,
                                   role: .gridWorker, deadline: now + 6 * 3_600, actor: commander, now: now - 3_600)
        // Issued yesterday with a deadline this morning, not done: overdue up the chain.
        try await directives.issue(title: "\(district.name)隔离点床位扩容 200 间", body: "报指挥部备案", areaID: district.id, role: .quarantineStaff,
                                   deadline: now - 2 * 3_600, actor: commander, now: now - 20 * 3_600)
        try await Supervision(registry: runtime.registry).record(
            NewInspection(areaID: grid.id, severity: .major, finding: "采样点未设一米线，排队人员聚集",
                          followUp: ("设置一米线并安排专人引导", .gridWorker, now + 4 * 3_600)), actor: commander, now: now - 1_800)
        report("command: emergency level II since 6 h ago, a draft version, 3 directives (1 overdue), 1 inspection")
    }

    static func derivePassword(username: String, key: FieldCipher) -> String {
        let digest = key.searchHash("demo password " + username)
        return String(digest.filter { $0.isLetter || $0.isNumber }.prefix(14))
    }
}

/// Writes a line to standard output unbuffered: scripts read the accounts from a pipe or file while the server runs.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
