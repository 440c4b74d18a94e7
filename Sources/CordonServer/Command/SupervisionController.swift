import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Supervision (督查): findings against an area or a quarantine site, a photo from the inspector's phone, and the
/// follow-up directive to the area in the same act.
struct SupervisionController {
    let supervision: Supervision
    let quarantine: Quarantine
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/supervision", use: page)
        pages.post("/supervision", use: recordFromForm)
        pages.get("/supervision/:id/photo", use: photo)
        api.get("/inspections", use: list)
        api.post("/inspections", use: record)
        api.get("/inspections/:id/photo", use: photo)
    }

    /// A base64 photo of 2 MB is about 2.7 MB of text, with room for the rest of the form.
    static let bodyLimit = 4 << 20

    struct Body: Encodable {
        let id: Int64
        let areaId: Int64
        let areaName: String
        let siteName: String?
        let severity: String
        let finding: String
        let hasPhoto: Bool
        let inspector: String
        let inspectedAt: Int64
        let followUps: [Int64]

        init(_ r: InspectionRecord) {
            (id, areaId, areaName, siteName, severity, finding) = (r.id, r.areaID, r.areaName, r.siteName, r.severity.rawValue, r.finding)
            (hasPhoto, inspector, inspectedAt, followUps) = (r.hasPhoto, r.inspector, r.inspectedAt, r.followUps)
        }
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(["inspections": try await supervision.inspections(actor: identity.actor).map(Body.init)])
    }

    struct RecordBody: Decodable {
        let areaId: Int64
        let quarantineSiteId: Int64?
        let samplingSiteId: Int64?
        let severity: String
        let finding: String
        let photoBase64: String?
        let followUp: FollowUp?

        /// A directive to put it right, given by its title (a form sends the role and deadline it shows anyway).
        struct FollowUp: Decodable {
            let title: String?
            let role: String?
            let deadline: Moment?
        }
    }

    func inspection(_ b: RecordBody) throws -> NewInspection {
        var followUp: (title: String, role: Role?, deadline: Int64)?
        if let f = b.followUp, let title = f.title?.trimmingSpaces(), !title.isEmpty {
            guard let deadline = f.deadline else { throw FieldErrors(errors: [FieldError(field: "deadline", code: .missing)]) }
            followUp = (title, try CommandForms.role(f.role), deadline.unix)
        }
        return NewInspection(areaID: b.areaId, quarantineSiteID: b.quarantineSiteId, samplingSiteID: b.samplingSiteId, severity: try severity(b.severity),
                             finding: b.finding, photo: try photo(base64: b.photoBase64), followUp: followUp)
    }

    func severity(_ raw: String) throws -> FindingSeverity {
        guard let s = FindingSeverity(rawValue: raw.trimmingSpaces()) else { throw FieldErrors(errors: [FieldError(field: "severity", code: .unknownValue)]) }
        return s
    }

    func photo(base64 raw: String?) throws -> [UInt8]? {
        guard let raw = raw?.trimmingSpaces(), !raw.isEmpty else { return nil }
        // A data URL from the page's file reader, or plain base64 from a program.
        let text = raw.hasPrefix("data:") ? String(raw.drop { $0 != "," }.dropFirst()) : raw
        guard let data = Data(base64Encoded: text) else { throw FieldErrors(errors: [FieldError(field: "photo", code: .format)]) }
        return [UInt8](data)
    }

    @Sendable func record(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await BodyDecoder(limit: Self.bodyLimit).decode(RecordBody.self, from: request, context: context)
        let id = try await supervision.record(try inspection(b), actor: identity.actor)
        guard let made = try await supervision.inspections(actor: identity.actor).first(where: { $0.id == id }) else { throw AppError.notFound }
        return try JSON.response(Body(made), status: .created)
    }

    @Sendable func photo(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let found = try await supervision.photo(inspectionID: try context.parameters.require("id", as: Int64.self), actor: identity.actor)
        return Response(status: .ok, headers: [.contentType: found.type, .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: found.bytes)))
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let list = try await supervision.inspections(actor: identity.actor)
        let inspector = identity.may(.issueDirectives)
        var page = SupervisionPage(
            inspections: list.map { r in
                SupervisionPage.Inspection(
                    id: r.id, area: r.areaName, site: r.siteName ?? "", hasSite: r.siteName != nil, severity: r.severity.rawValue,
                    severityText: views.strings("severity_\(r.severity.rawValue)", l), finding: r.finding, photo: r.hasPhoto,
                    inspector: r.inspector, at: Format.time(r.inspectedAt), followUps: r.followUps.map { SupervisionPage.FollowUp(id: $0) },
                    hasFollowUps: !r.followUps.isEmpty)
            },
            hasInspections: !list.isEmpty, inspector: inspector)
        if inspector {
            page.areas = try await CommandForms.areaOptions(identity.actor, database: database)
            page.sites = try await quarantine.sites(actor: identity.actor).map { SupervisionPage.Site(id: $0.id, name: $0.name) }
            page.severities = FindingSeverity.allCases.map { Choice(value: $0.rawValue, label: views.strings("severity_\($0.rawValue)", l)) }
            page.roles = CommandForms.roleOptions(views, l)
            page.deadline = LocalTime.format(UnixTime.now() + 24 * 3_600)
        }
        return views.page("supervision", page, context: context)
    }

    /// The inspections on record, and for inspectors the form to record one with its follow-up directive.
    struct SupervisionPage: PageModel {
        let inspections: [Inspection]
        let hasInspections: Bool
        let inspector: Bool
        var areas: [CommandForms.AreaOption]?
        var sites: [Site]?
        var severities: [Choice]?
        var roles: [Choice]?
        var deadline: String?

        struct Inspection: PageModel {
            let id: Int64
            let area: String
            let site: String
            let hasSite: Bool
            let severity: String
            let severityText: String
            let finding: String
            let photo: Bool
            let inspector: String
            let at: String
            let followUps: [FollowUp]
            let hasFollowUps: Bool
        }

        struct FollowUp: PageModel {
            let id: Int64
        }

        struct Site: PageModel {
            let id: Int64
            let name: String
        }
    }

    @Sendable func recordFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await BodyDecoder(limit: Self.bodyLimit).decode(RecordBody.self, from: request, context: context)
        try await supervision.record(try inspection(b), actor: identity.actor)
        return Views.redirect("/supervision")
    }
}
