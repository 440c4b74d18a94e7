import CordonDomain

/// A checkpoint: a traffic post on a road into the city, a community gate, a venue's door.
public struct CheckpointRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let code: String
    public let name: String
    public let kind: String
    public let areaName: String
}

/// A passage as staff see it: no name, only the pass's pseudonym, its colour, the temperature.
public struct PassageRecord: Sendable, Hashable, Codable {
    public let id: Int64
    public let checkpoint: String
    public let at: Int64
    public let direction: PassageDirection
    public let temperatureTenths: Int?
    public let fever: Bool
    public let colour: CodeColour
    public let kind: PassKind
}

extension Checkpoints {
    public static let kinds = ["traffic", "community", "venue"]

    @discardableResult
    public func createCheckpoint(code raw: String, name: String, areaCode: String, kind: String, actor: Actor) async throws -> Int64 {
        try actor.require(.registerCheckpoints)
        guard Self.kinds.contains(kind) else { throw StoreError(.invalid, "unknown checkpoint kind") }
        let code: String
        do { code = try Barcode.validate(raw) } catch { throw StoreError(.invalid, "checkpoint codes are 6–24 letters and digits") }
        let name = name.trimmingSpaces()
        guard !name.isEmpty else { throw StoreError(.invalid, "a checkpoint needs a name") }
        let scope = actor.jurisdiction
        return try await database.write { session in
            guard let area = try await session.select("SELECT id FROM areas WHERE code = ? AND \(scope.inside())",
                                                      binds: [.text(areaCode), .int(scope.id)], types: [.int]).first?[0].int
            else { throw StoreError(.notFound, "no such area") }
            guard try await session.select("SELECT id FROM checkpoints WHERE code = ?", binds: [.text(code)], types: [.int]).isEmpty
            else { throw StoreError(.conflict, "checkpoint code already taken") }
            let id = try await session.execute("""
                INSERT INTO checkpoints (code, name, area_id, kind, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, binds: [.text(code), .text(name), .int(area), .text(kind), .int(clock.now())], returning: [.int]).first![0].int!
            try await Journal.append(session, actor: actor, action: "checkpoint.create", subjectType: "checkpoint", subjectID: code, reason: name)
            return id
        }
    }

    /// The checkpoints in the actor's jurisdiction.
    public func checkpoints(actor: Actor) async throws -> [CheckpointRecord] {
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT c.id, c.code, c.name, c.kind, a.name FROM checkpoints c JOIN areas a ON a.id = c.area_id
                WHERE \(scope.inside("a")) ORDER BY c.code LIMIT 500
                """, binds: [.int(scope.id)], types: [.int, .text, .text, .text, .text]).map {
                CheckpointRecord(id: $0[0].int!, code: $0[1].text!, name: $0[2].text!, kind: $0[3].text!, areaName: $0[4].text!)
            }
        }
    }

    /// Records a person passing a checkpoint. The caller has verified the pass; only its claims arrive here, so an
    /// unverified pass cannot be recorded as a valid passage. A temperature at or above the policy's line is fever.
    @discardableResult
    public func recordPassage(checkpoint: String, claims: PassClaims, temperatureTenths: Int?, direction: PassageDirection,
                              actor: Actor, now: Int64? = nil) async throws -> PassageRecord {
        let now = now ?? clock.now()
        let userID = try actor.requireUser(.recordPassages)
        if let t = temperatureTenths, !(340...430).contains(t) { throw StoreError(.invalid, "temperature out of range") }
        let fever = temperatureTenths.map { $0 >= database.policies.inForce(at: now).healthCode.feverTenths } ?? false
        let registration = claims.kind == .travel ? Int64(claims.subject.dropFirst("travel-".count)) : nil
        let scope = actor.jurisdiction
        return try await database.write { session in
            guard let point = try await session.select("""
                SELECT c.id FROM checkpoints c JOIN areas a ON a.id = c.area_id WHERE c.code = ? AND \(scope.inside("a"))
                """, binds: [.text(checkpoint), .int(scope.id)], types: [.int]).first?[0].int
            else { throw StoreError(.notFound, "no such checkpoint") }
            let id = try await session.execute("""
                INSERT INTO passages (checkpoint_id, at, direction, temperature_tenths, fever, colour, subject, pass_kind, registration_id, recorded_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, binds: [.int(point), .int(now), .text(direction.rawValue), .int(temperatureTenths.map(Int64.init)), .int(fever ? 1 : 0),
                             .text(claims.colour.rawValue), .text(claims.subject), .text(claims.kind.rawValue), .int(registration), .int(userID)],
                returning: [.int]).first![0].int!
            try await Journal.append(session, actor: actor, action: "checkpoint.passage", subjectType: "checkpoint", subjectID: checkpoint,
                                     reason: direction.rawValue, detail: fever ? "fever" : "")
            return PassageRecord(id: id, checkpoint: checkpoint, at: now, direction: direction,
                                 temperatureTenths: temperatureTenths, fever: fever, colour: claims.colour, kind: claims.kind)
        }
    }

    /// The most recent passages at the actor's checkpoints.
    public func passages(actor: Actor, limit: Int = 100) async throws -> [PassageRecord] {
        let scope = actor.jurisdiction
        return try await database.read { session in
            try await session.select("""
                SELECT p.id, c.code, p.at, p.direction, p.temperature_tenths, p.fever, p.colour, p.pass_kind FROM passages p
                JOIN checkpoints c ON c.id = p.checkpoint_id JOIN areas a ON a.id = c.area_id
                WHERE \(scope.inside("a")) ORDER BY p.at DESC, p.id DESC LIMIT ?
                """, binds: [.int(scope.id), .int(Int64(max(1, min(limit, 1000))))], types: [.int, .text, .int, .text, .int, .int, .text, .text]).map {
                PassageRecord(id: $0[0].int!, checkpoint: $0[1].text!, at: $0[2].int!, direction: PassageDirection(rawValue: $0[3].text!) ?? .inbound,
                              temperatureTenths: $0[4].int.map(Int.init), fever: $0[5].int == 1,
                              colour: CodeColour(rawValue: $0[6].text!) ?? .green, kind: PassKind(rawValue: $0[7].text!) ?? .phone)
            }
        }
    }
}
