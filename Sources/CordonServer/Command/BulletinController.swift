import CordonDomain
import CordonStore
import Hummingbird

/// The daily bulletin for any date and area, as a page, as a text file to download, and as JSON with its figures.
struct BulletinController {
    let dashboard: Dashboard
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/bulletin", use: page)
        pages.get("/bulletin.txt", use: download)
        api.get("/bulletin", use: json)
    }

    /// `?date=YYYY-MM-DD` (today by default) and `?area=CODE` (the reader's jurisdiction by default).
    func figures(_ request: Request, _ context: AppContext) async throws -> BulletinFigures {
        let identity = try context.requireIdentity(.readDashboard)
        let q = request.uri.queryParameters
        var date = CivilDate(unixTime: UnixTime.now())
        if let raw = q["date"], !raw.isEmpty {
            guard let d = CivilDate(iso: String(raw)) else { throw FieldErrors(errors: [FieldError(field: "date", code: .format)]) }
            date = d
        }
        var area = identity.actor.jurisdiction
        if let code = q["area"], !code.isEmpty {
            guard let found = try await database.area(code: String(code)), identity.actor.jurisdiction.contains(found) else { throw AppError.notFound }
            area = found
        }
        return try await dashboard.bulletin(date: date, area: area, actor: identity.actor)
    }

    func language(_ request: Request, _ context: AppContext) -> Language {
        request.uri.queryParameters["lang"].map { Language(tag: String($0)) } ?? context.language
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let f = try await figures(request, context)
        let l = language(request, context)
        return views.page("bulletin", BulletinPage(
            paragraphs: BulletinWriter(strings: views.strings, language: l).text(f), date: f.date.description, area: f.area.code,
            areaName: f.area.name, otherLang: l == .zh ? "en" : "zh-Hans"
        ), context: context)
    }

    /// The bulletin's paragraphs for a date and area; `otherLang` is the bulletin's other language, standing in for the frame's.
    struct BulletinPage: PageModel {
        let paragraphs: [String]
        let date: String
        let area: String
        let areaName: String
        let otherLang: String
    }

    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let f = try await figures(request, context)
        let text = BulletinWriter(strings: views.strings, language: language(request, context)).text(f).joined(separator: "\n\n") + "\n"
        var response = Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        response.headers[.contentDisposition] = "attachment; filename=\"bulletin-\(f.area.code)-\(f.date).txt\""
        return response
    }

    struct Body: Encodable {
        let date: String
        let area: String
        let newConfirmed: Int
        let newAsymptomatic: Int
        let foundUnderControl: Int
        let foundByScreening: Int
        let foundOtherwise: Int
        let totalConfirmed: Int
        let totalAsymptomatic: Int
        let underTreatment: Int
        let contactsTraced: Int
        let underMeasure: Int
        let sampled: Int
        let positiveTubes: Int
        let text: [String]
    }

    @Sendable func json(_ request: Request, context: AppContext) async throws -> Response {
        let f = try await figures(request, context)
        return try JSON.response(Body(date: f.date.description, area: f.area.code, newConfirmed: f.newConfirmed, newAsymptomatic: f.newAsymptomatic,
                                      foundUnderControl: f.foundUnderControl, foundByScreening: f.foundByScreening, foundOtherwise: f.foundOtherwise,
                                      totalConfirmed: f.totalConfirmed, totalAsymptomatic: f.totalAsymptomatic, underTreatment: f.underTreatment,
                                      contactsTraced: f.contactsTraced, underMeasure: f.underMeasure, sampled: f.sampled, positiveTubes: f.positiveTubes,
                                      text: BulletinWriter(strings: views.strings, language: language(request, context)).text(f)))
    }
}
