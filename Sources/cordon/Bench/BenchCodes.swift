import CordonDomain
import CordonServer
import CordonSim
import CordonStore
import Foundation

/// Health codes at city scale: passes signed and verified per core, every code of an area of about 100,000 people
/// reassessed (cold, unchanged, and all changed), against a raw insert of the same rows. With `--serve-seconds` it then
/// serves the city with 1,000 signed-in citizens and a door account whose tokens it writes to a file, for
/// `scripts/load_codes.sh` to drive with wrk.
struct BenchCodes {
    let runtime: Runtime
    let residents: Int
    let serveSeconds: Int?
    let port: Int
    let tokensFile: String?

    func run() async throws -> BenchResult {
        let today = CivilDate(unixTime: UnixTime.now())
        _ = try await CityGenerator(registry: runtime.registry).generate(CityOptions(residents: residents, seed: 5, days: 0, today: today),
                                                                         actor: runtime.bootstrapActor())
        let passes = Passes(registry: runtime.registry, issuer: "bench")
        let now = UnixTime.now()
        let claims = PassClaims(issuer: "bench", subject: passes.subject(residentID: 1), issuedAt: now, expiresAt: now + 300, colour: .green,
                                maskedName: "张*三", kind: .phone)
        _ = try await passes.sign(claims)

        let count = 20_000
        let (_, signOne) = try await measure { for _ in 0..<count { _ = try await passes.sign(claims, now: now) } }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let (_, signAll) = try await measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<cores { group.addTask { for _ in 0..<(count / cores) { _ = try await passes.sign(claims, now: now) } } }
                try await group.waitForAll()
            }
        }
        let text = try await passes.sign(claims, now: now)
        let (_, verifyOne) = try await measure { for _ in 0..<count { _ = try await passes.verifyBySignature(text, now: now) } }
        let (_, recogniseOne) = try await measure { for _ in 0..<count { _ = try await passes.verify(text, now: now) } }

        // The area nearest 100,000 people, at whatever level of the tree that is.
        let area = try await nearest(100_000)
        let codes = HealthCodes(registry: runtime.registry)
        let actor = try await runtime.operatorActor()
        let (cold, coldSeconds) = try await measure { try await codes.refresh(area: area.0, actor: actor) }
        let (_, unchangedSeconds) = try await measure { try await codes.refresh(area: area.0, actor: actor) }
        // Every stored code made to differ from its facts, as a fact that touches everyone would: all rows rewritten.
        try await runtime.database.write { session in
            try await session.execute("UPDATE health_codes SET reasons = '[]', changes_at = 1", binds: [])
        }
        let (changed, changedSeconds) = try await measure { try await codes.refresh(area: area.0, actor: actor) }
        let rows: [[SQLValue]] = (0..<Int64(cold.assessed)).map { i in
            [.int(-1 - i), .text("green"), .text("[]"), .text("ceiling"), .int(now), .int(now + 3_600)]
        }
        let ceilingSeconds = try await committedCeiling(runtime.database, { session in
            try await session.execute("CREATE TABLE bench_codes AS SELECT * FROM health_codes WHERE 1 = 0", binds: [])
            try await session.insert(into: "bench_codes", columns: ["resident_id", "colour", "reasons", "policy_id", "assessed_at", "changes_at"], rows: rows)
        }, cleanup: { session in try await session.execute("DROP TABLE bench_codes", binds: []) })

        var result = BenchResult(scenario: "codes", database: runtime.database.kind.rawValue, residents: residents, rows: changed.rewritten,
                                 seconds: changedSeconds, ceilingRows: cold.assessed, ceilingSeconds: ceilingSeconds)
        result.notes = [
            ("sign_per_core", "\(Int(Double(count) / signOne)) passes/s"),
            ("sign_all_cores", "\(Int(Double(count / cores * cores) / signAll)) passes/s on \(cores) cores"),
            ("verify_per_core", "\(Int(Double(count) / verifyOne)) passes/s by signature"),
            ("verify_issued_per_core", "\(Int(Double(count) / recogniseOne)) passes/s recognised as signed here"),
            ("area", "\(area.0.code) (\(area.0.level.rawValue)), \(area.1) residents"),
            ("reassess_cold_s", fmt(coldSeconds)),
            ("reassess_unchanged_s", fmt(unchangedSeconds)),
            ("reassess_all_changed_s", fmt(changedSeconds)),
        ]
        return result
    }

    func nearest(_ target: Int) async throws -> (Area, Int) {
        var best: (Int64, Int)? = nil
        for level in [AreaLevel.district, .street, .community] {
            let rows = try await runtime.database.read { session in
                try await session.select("SELECT \(level.rawValue)_id, COUNT(*) FROM residents GROUP BY \(level.rawValue)_id", binds: [], types: [.int, .int])
            }
            for r in rows {
                guard let id = r[0].int, let n = r[1].int.map(Int.init) else { continue }
                if best == nil || abs(n - target) < abs(best!.1 - target) { best = (id, n) }
            }
        }
        guard let best, let area = try await runtime.database.area(id: best.0) else { throw StoreError(.notFound, "no areas") }
        return (area, best.1)
    }

    /// 1,000 citizens (the first residents) and one door account with live sessions; tokens go to the file, one per
    /// line, the door's first, then a pass signed outside the server (so it checks the signature) for the verify route.
    func serve(seconds: Int) async throws {
        let passes = Passes(registry: runtime.registry, issuer: "bench")
        let op = try await runtime.operatorActor()
        let city = op.jurisdiction
        var tokens: [String] = []
        let door = try await runtime.database.createUser(username: "bench_door", displayName: "door", passwordHash: "x", role: .checkpointStaff,
                                                         areaID: city.id, actor: op, reason: "bench")
        let doorToken = Secrets.newToken()
        try await runtime.database.createSession(tokenHash: Secrets.hash(doorToken), userID: door, csrfToken: Secrets.newToken(), lifetime: 86_400)
        let people = try await runtime.database.read { session in
            try await session.select("SELECT id FROM residents ORDER BY id LIMIT 1000", binds: [], types: [.int]).compactMap { $0[0].int }
        }
        for (n, resident) in people.enumerated() {
            let id = try await runtime.database.createUser(username: "bench_citizen_\(n)", displayName: "c", passwordHash: "x", role: .citizen,
                                                           areaID: city.id, actor: op, reason: "bench")
            try await runtime.database.linkCitizen(username: "bench_citizen_\(n)", residentID: resident, actor: op)
            let token = Secrets.newToken()
            try await runtime.database.createSession(tokenHash: Secrets.hash(token), userID: id, csrfToken: Secrets.newToken(), lifetime: 86_400)
            tokens.append(token)
        }
        let now = UnixTime.now()
        let pass = try await passes.sign(PassClaims(issuer: passes.issuer, subject: passes.subject(residentID: people[0]), issuedAt: now,
                                                    expiresAt: now + Int64(seconds) + 600, colour: .green, maskedName: "张*三", kind: .phone))
        if let tokensFile {
            try ([doorToken, pass] + tokens).joined(separator: "\n").write(toFile: tokensFile, atomically: true, encoding: .utf8)
        }
        report("serving on 127.0.0.1:\(port) for \(seconds) s; tokens in \(tokensFile ?? "-")")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await serveBench(runtime, port: port) }
            group.addTask { try await Task.sleep(for: .seconds(seconds)) }
            try await group.next()
            group.cancelAll()
        }
    }
}
