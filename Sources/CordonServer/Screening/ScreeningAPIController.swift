import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// The screening chain for programs: rounds, tubes, batches, bulk results, coverage and follow-up lists.
struct ScreeningAPIController {
    let screening: Screening
    let database: Database

    func addRoutes(to api: RouterGroup<AppContext>) {
        api.post("/screening/labs", use: createLab)
        api.post("/screening/labs/{code}/operators", use: assignLab)
        api.get("/screening/rounds", use: rounds)
        api.post("/screening/rounds", use: openRound)
        api.get("/screening/rounds/{id}/progress", use: progress)
        api.get("/screening/rounds/{id}/coverage", use: coverage)
        api.get("/screening/rounds/{id}/gaps", use: gaps)
        api.post("/screening/rounds/{id}/exemptions", use: exempt)
        api.post("/screening/tubes", use: openTube)
        api.post("/screening/samples", use: registerSamples)
        api.get("/screening/tubes/{barcode}", use: tube)
        api.post("/screening/tubes/{barcode}/swabs", use: addSwab)
        api.post("/screening/tubes/{barcode}/close", use: closeTube)
        api.post("/screening/batches", use: dispatch)
        api.post("/screening/batches/{code}/receive", use: receive)
        api.post("/screening/results", use: upload)
        api.get("/screening/orders", use: orders)
        api.get("/screening/candidates", use: candidates)
        api.get("/screening/rounds/{id}/turnaround", use: turnaround)
        api.get("/screening/overdue", use: overdue)
    }

    struct NewLab: Decodable { let code: String; let name: String; let dailyCapacity: Int }
    struct NewTube: Decodable { let barcode: String; let site: String; let roundId: Int64?; let capacity: Int?; let purpose: SamplingPurpose? }
    struct Swab: Decodable { let idNumber: String }
    struct NewBatch: Decodable { let code: String; let lab: String; let tubes: Listed<String> }
    struct Exemption: Decodable { let residentId: Int64; let reason: ExemptionReason }
    struct Created: Encodable { let id: Int64 }

    @Sendable func createLab(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: NewLab.self, context: context)
        let id = try await screening.createLab(code: body.code, name: body.name, dailyCapacity: body.dailyCapacity, actor: try context.requireIdentity().actor)
        return try JSON.response(Created(id: id), status: .created)
    }

    struct Operator: Decodable { let username: String }

    @Sendable func assignLab(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: Operator.self, context: context)
        try await screening.assignLab(username: body.username, labCode: try context.parameters.require("code"), actor: try context.requireIdentity().actor)
        return Response(status: .noContent)
    }

    @Sendable func rounds(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity()
        return try JSON.response(["rounds": try await screening.rounds()])
    }

    @Sendable func openRound(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: NewRound.self, context: context)
        return try JSON.response(Created(id: try await b.open(in: screening, actor: try context.requireIdentity().actor)), status: .created)
    }


    struct Progress: Encodable { let byStatus: [String: Int]; let overdue: Int }

    /// A round's figures are for those who run it over areas; a citizen, a lab or a door has no use for them.
    @Sendable func progress(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity(.browseAreas)
        let p = try await screening.progress(round: try context.parameters.require("id", as: Int64.self))
        return try JSON.response(Progress(byStatus: p.byStatus, overdue: p.overdue))
    }

    func area(_ request: Request, context: AppContext) async throws -> Area {
        try await database.scopedArea(request, try context.requireIdentity())
    }

    @Sendable func coverage(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity(.browseAreas)
        let rows = try await screening.coverage(round: try context.parameters.require("id", as: Int64.self),
                                                area: try await area(request, context: context), actor: try context.requireIdentity().actor)
        return try JSON.response(["areas": rows])
    }

    @Sendable func gaps(_ request: Request, context: AppContext) async throws -> Response {
        let list = try await screening.gaps(round: try context.parameters.require("id", as: Int64.self),
                                            area: try await area(request, context: context), actor: try context.requireIdentity().actor)
        if try request.wantsCSV() {
            var csv = CSVWriter.line(["id", "name", "id_number", "phone", "address", "age"])
            for r in list { csv += CSVWriter.line(["\(r.id)", r.name, r.idNumber, r.phone ?? "", r.address, "\(r.age)"]) }
            return RegistryController.csv(csv, name: "not-sampled.csv")
        }
        return try JSON.response(["residents": list])
    }

    @Sendable func exempt(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: Exemption.self, context: context)
        try await screening.exempt(round: try context.parameters.require("id", as: Int64.self), residentID: b.residentId, reason: b.reason,
                                   actor: try context.requireIdentity().actor)
        return Response(status: .noContent)
    }

    @Sendable func openTube(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: NewTube.self, context: context)
        return try JSON.response(try await screening.openTube(barcode: b.barcode, siteCode: b.site, roundID: b.roundId, capacity: b.capacity,
                                                              purpose: b.purpose, actor: try context.requireIdentity().actor), status: .created)
    }

    struct Registered: Encodable { let tubes: Int; let swabs: Int }

    /// Sealed tubes with their members, thousands per request: a site's device syncing, or a whole round.
    @Sendable func registerSamples(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let tubes: [TubeSubmission]
        do { tubes = try decoder.decode([TubeSubmission].self, from: Data(buffer: body)) } catch { throw AppError.badRequest(key: "request.bad_json") }
        let done = try await screening.registerSamples(tubes, actor: identity.actor)
        return try JSON.response(Registered(tubes: done.tubes, swabs: done.swabs), status: .created)
    }

    @Sendable func tube(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readTubes)
        return try JSON.response(try await screening.tube(barcode: try context.parameters.require("barcode")))
    }

    @Sendable func addSwab(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: Swab.self, context: context)
        return try JSON.response(try await screening.addSwab(barcode: try context.parameters.require("barcode"), idNumber: b.idNumber,
                                                             actor: try context.requireIdentity().actor))
    }

    @Sendable func closeTube(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(try await screening.closeTube(barcode: try context.parameters.require("barcode"), actor: try context.requireIdentity().actor))
    }

    @Sendable func dispatch(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: NewBatch.self, context: context)
        try await screening.dispatch(batch: b.code, labCode: b.lab, barcodes: b.tubes.items, actor: try context.requireIdentity().actor)
        return Response(status: .created)
    }

    @Sendable func receive(_ request: Request, context: AppContext) async throws -> Response {
        let n = try await screening.receive(batch: try context.parameters.require("code"), actor: try context.requireIdentity().actor)
        return try JSON.response(["received": n])
    }

    /// Results as JSON (`[{barcode, result, ct, tested_at}]`) or CSV with the same columns.
    @Sendable func upload(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let rows: [ResultRow]
        if request.headers[.contentType]?.hasPrefix("text/csv") == true {
            rows = try ResultFile.parseCSV(Array(buffer: body))
        } else {
            rows = try ResultFile.parseJSON(Data(buffer: body))
        }
        return try JSON.response(try await screening.uploadResults(rows, actor: identity.actor))
    }

    struct Turnaround: Encodable { let labs: [TurnaroundRow]; let sites: [TurnaroundRow] }

    @Sendable func turnaround(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readTurnaround)
        let t = try await screening.turnaround(round: try context.parameters.require("id", as: Int64.self))
        return try JSON.response(Turnaround(labs: t.labs, sites: t.sites))
    }

    @Sendable func overdue(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readTurnaround)
        let round = try request.queryInteger("round")
        return try JSON.response(["tubes": try await screening.overdueTubes(actor: identity.actor, round: round)])
    }

    @Sendable func candidates(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(["candidates": try await screening.caseCandidates(actor: try context.requireIdentity().actor)])
    }

    @Sendable func orders(_ request: Request, context: AppContext) async throws -> Response {
        try JSON.response(["orders": try await screening.openOrders(actor: try context.requireIdentity().actor)])
    }
}
