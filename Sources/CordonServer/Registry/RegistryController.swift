import CordonDomain
import CordonStore
import Hummingbird

/// CSV import and export of areas and residents. Uploads arrive as the raw CSV body (`text/csv`); the page sends
/// the chosen file with a few lines of JavaScript, so no multipart parser is needed.
struct RegistryController {
    let deps: Dependencies
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/registry", use: page)
        for group in [pages, api] {
            group.post("/registry/areas", use: importAreas)
            group.post("/registry/residents", use: importResidents)
            group.get("/registry/areas.csv", use: exportAreas)
            group.get("/registry/residents.csv", use: exportResidents)
        }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.importRegistry)
        return views.page("registry", RegistryPage(
            areaColumns: Database.areaColumns.joined(separator: ","),
            residentColumns: (Registry.requiredColumns + Registry.optionalColumns).joined(separator: ","),
            exportsResidents: identity.may(.exportRegistry)
        ), context: context)
    }

    /// The CSV upload forms with the columns each file takes, and the exports the reader may download.
    struct RegistryPage: PageModel {
        let areaColumns: String
        let residentColumns: String
        let exportsResidents: Bool
    }

    struct ImportBody: Encodable {
        let inserted: Int
        let rejected: [Rejected]
        struct Rejected: Encodable {
            let line: Int?
            let field: String?
            let code: String
            let message: String
        }
    }

    @Sendable func importAreas(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let inserted = try await deps.database.importAreas(csv: Array(buffer: body), actor: identity.actor, reason: "CSV upload")
        return try JSON.response(ImportBody(inserted: inserted, rejected: []), status: .created)
    }

    @Sendable func importResidents(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let skip = try request.queryFlag("skip_invalid")
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let report = try await deps.registry.importResidents(csv: Array(buffer: body), actor: identity.actor, skipInvalid: skip,
                                                             reason: "CSV upload")
        let rejected = report.rejected.map {
            ImportBody.Rejected(line: $0.line, field: $0.field, code: $0.fieldCode?.rawValue ?? $0.code.rawValue,
                                message: views.strings.issue($0.issue, context.language))
        }
        return try JSON.response(ImportBody(inserted: report.inserted, rejected: rejected), status: .created)
    }

    @Sendable func exportAreas(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.importRegistry)
        return Self.csv(try await deps.database.exportAreasCSV(actor: identity.actor), name: "areas.csv")
    }

    @Sendable func exportResidents(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return Self.csv(try await deps.registry.exportResidentsCSV(actor: identity.actor), name: "residents.csv")
    }

    static func csv(_ text: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                                        .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
