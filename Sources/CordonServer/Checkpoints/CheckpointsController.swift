import CordonDomain
import CordonStore
import Hummingbird

/// Checkpoints and the passages staff record at them: a verified pass, a temperature, a direction.
struct CheckpointsController {
    let checkpoints: Checkpoints
    let passes: Passes
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/checkpoints", use: page)
        pages.post("/checkpoints", use: createFromForm)
        api.get("/checkpoints", use: list)
        api.post("/checkpoints", use: create)
        api.get("/checkpoints/passages", use: passages)
        api.post("/checkpoints/passages", use: recordPassage)
    }

    struct NewCheckpoint: Decodable {
        let code: String
        let name: String
        let areaCode: String
        let kind: String
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: NewCheckpoint.self, context: context)
        let id = try await checkpoints.createCheckpoint(code: b.code, name: b.name, areaCode: b.areaCode, kind: b.kind, actor: identity.actor)
        return try JSON.response(ScreeningAPIController.Created(id: id), status: .created)
    }

    @Sendable func createFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.registerCheckpoints)
        let b = try await request.decode(as: NewCheckpoint.self, context: context)
        try await checkpoints.createCheckpoint(code: b.code, name: b.name, areaCode: b.areaCode, kind: b.kind, actor: identity.actor)
        return Views.redirect("/checkpoints")
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["checkpoints": try await checkpoints.checkpoints(actor: identity.actor)])
    }

    @Sendable func passages(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCheckpoints)
        return try JSON.response(["passages": try await checkpoints.passages(actor: identity.actor)])
    }

    struct NewPassage: Decodable {
        let checkpoint: String
        let pass: String
        /// Degrees Celsius as read, e.g. 36.6.
        let temperature: Double?
        let direction: String?
    }

    /// Verifies the pass here, whatever the page did: an expired, altered or foreign pass is refused and nothing is
    /// recorded.
    @Sendable func recordPassage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try identity.actor.requireUser(.recordPassages)
        let b = try await request.decode(as: NewPassage.self, context: context)
        guard let direction = PassageDirection(rawValue: b.direction ?? "in") else { throw AppError.badRequest(key: "request.invalid") }
        var tenths: Int?
        if let temperature = b.temperature {
            guard let t = BodyTemperature.tenths(celsius: temperature), MonitoringCheck.plausibleTenths.contains(t) else { throw AppError.badRequest(key: "request.temperature") }
            tenths = t
        }
        let claims = try await passes.verify(b.pass)
        let passage = try await checkpoints.recordPassage(checkpoint: b.checkpoint, claims: claims, temperatureTenths: tenths, direction: direction,
                                                          actor: identity.actor)
        return try JSON.response(passage, status: .created)
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readCheckpoints)
        let l = context.language
        let words = CodeWords(strings: views.strings, language: l)
        let points = try await checkpoints.checkpoints(actor: identity.actor)
        let recent = try await checkpoints.passages(actor: identity.actor, limit: 50)
        return views.page("checkpoints", CheckpointsPage(
            checkpoints: points.map {
                CheckpointsPage.Checkpoint(code: $0.code, name: $0.name, kind: views.strings("checkpoint_kind_\($0.kind)", l), area: $0.areaName)
            },
            passages: recent.map { p in
                CheckpointsPage.Passage(
                    at: Format.time(p.at), checkpoint: p.checkpoint, colour: p.colour.rawValue, colourText: words.colour(p.colour),
                    direction: views.strings("direction_\(p.direction.rawValue)", l),
                    temperature: p.temperatureTenths.map { "\($0 / 10).\($0 % 10) °C" } ?? "—", fever: p.fever,
                    kind: views.strings("pass_kind_\(p.kind.rawValue)", l))
            },
            canCreate: identity.may(.registerCheckpoints),
            kinds: Checkpoints.kinds.map { Choice(value: $0, label: views.strings("checkpoint_kind_\($0)", l)) }
        ), context: context)
    }

    /// The checkpoints, the latest passages through them, and for those who register checkpoints the form to add one.
    struct CheckpointsPage: PageModel {
        let checkpoints: [Checkpoint]
        let passages: [Passage]
        let canCreate: Bool
        let kinds: [Choice]

        struct Checkpoint: PageModel {
            let code: String
            let name: String
            let kind: String
            let area: String
        }

        struct Passage: PageModel {
            let at: String
            let checkpoint: String
            let colour: String
            let colourText: String
            let direction: String
            let temperature: String
            let fever: Bool
            let kind: String
        }
    }
}
