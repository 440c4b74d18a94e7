import CordonDomain
import CordonStore
import Hummingbird

/// Venue codes: the rotating poster a venue's screen shows, the printed daily code, and the citizen's check-in.
struct VenuesController {
    let checkpoints: Checkpoints
    let codes: HealthCodes
    let views: Views
    /// The address QR codes point to (`https://…`); nil takes the request's own host.
    let publicBaseURL: String?

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/venues", use: list)
        pages.get("/venues/:code/poster", use: poster)
        pages.get("/venues/:code/daily", use: daily)
        pages.get("/checkin", use: checkInPage)
        pages.post("/checkin", use: checkInFromForm)
        api.get("/venues/:code/code", use: currentCode)
        api.post("/checkins", use: checkIn)
    }


    func url(for code: VenueCode, request: Request) -> String {
        let base = publicBaseURL ?? "http://\(request.head.authority ?? "127.0.0.1")"
        let escaped = code.text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? code.text
        return "\(base)/checkin?c=\(escaped)"
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.showVenueCodes)
        let venues = try await checkpoints.venues(actor: identity.actor)
        return views.page("venues", VenuesPage(venues: venues.map {
            VenuesPage.Venue(code: $0.code, name: $0.name, area: $0.areaName, category: $0.category)
        }), context: context)
    }

    /// The venues in one's jurisdiction, with links to each one's rotating poster and daily code.
    struct VenuesPage: PageModel {
        let venues: [Venue]

        struct Venue: PageModel {
            let code: String
            let name: String
            let area: String
            let category: String
        }
    }

    @Sendable func poster(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.showVenueCodes)
        let venue = try await checkpoints.venue(code: try context.parameters.require("code"), actor: identity.actor)
        let now = UnixTime.now()
        let code = checkpoints.rotatingCode(venue: venue.code, now: now)
        let rotation = Int64(codes.registry.database.policies.inForce(at: now).healthCode.venueCodes.rotationSeconds)
        let link = url(for: code, request: request)
        return views.page("venue_poster", VenuePosterPage(
            name: venue.name, area: venue.areaName, qr: (try? QRCode(text: link, correction: .medium).svg(ariaLabel: venue.name)) ?? "",
            code: code.text, renew: max(1, rotation - now % rotation), venue: venue.code
        ), context: context)
    }

    /// A venue's screen: its current rotating code as a QR code, and when to reload for the next.
    struct VenuePosterPage: PageModel {
        let name: String
        let area: String
        let qr: String
        let code: String
        let renew: Int64
        let venue: String
    }

    @Sendable func daily(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.showVenueCodes)
        let venue = try await checkpoints.venue(code: try context.parameters.require("code"), actor: identity.actor)
        let day = try CodesController.day(request.uri.queryParameters.get("day")) ?? CivilDate(unixTime: UnixTime.now())
        let code = checkpoints.dailyCode(venue: venue.code, day: day)
        let link = url(for: code, request: request)
        return views.page("venue_daily", VenueDailyPage(
            name: venue.name, area: venue.areaName, day: day.description,
            qr: (try? QRCode(text: link, correction: .quartile).svg(ariaLabel: venue.name)) ?? ""
        ), context: context)
    }

    /// A venue's printed code for one day.
    struct VenueDailyPage: PageModel {
        let name: String
        let area: String
        let day: String
        let qr: String
    }

    struct CurrentCode: Encodable {
        let code: String
        let url: String
        let expiresAt: Int64
    }

    /// For a venue's own screen app: the code to show now and when to ask again.
    @Sendable func currentCode(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.showVenueCodes)
        let venue = try await checkpoints.venue(code: try context.parameters.require("code"), actor: identity.actor)
        let now = UnixTime.now()
        let code = checkpoints.rotatingCode(venue: venue.code, now: now)
        let rotation = Int64(codes.registry.database.policies.inForce(at: now).healthCode.venueCodes.rotationSeconds)
        return try JSON.response(CurrentCode(code: code.text, url: url(for: code, request: request), expiresAt: (now / rotation + 1) * rotation))
    }

    struct CheckInBody: Decodable {
        let code: String
        let residentId: Int64?
    }

    struct CheckInResult: Encodable {
        let venue: String
        let venueName: String
        let at: Int64
        let printed: Bool
        let residentId: Int64
        let colour: String
    }

    func record(_ text: String, residentID: Int64?, identity: Identity) async throws -> (CheckIn, PersonCode) {
        guard identity.may(.ownRecords) else { throw AppError.forbidden }
        let own = try await codes.ownCodes(actor: identity.actor)
        guard let person = residentID.flatMap({ id in own.first { $0.residentID == id } }) ?? (residentID == nil ? own.first : nil)
        else { throw AppError.notFound }
        let checkIn = try await checkpoints.checkIn(code: text, residentID: person.residentID, actor: identity.actor, codes: codes)
        return (checkIn, person)
    }

    @Sendable func checkIn(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: CheckInBody.self, context: context)
        let (checkIn, person) = try await record(body.code, residentID: body.residentId, identity: identity)
        return try JSON.response(CheckInResult(venue: checkIn.venue, venueName: checkIn.venueName, at: checkIn.at, printed: checkIn.printed,
                                               residentId: person.residentID, colour: person.code.colour.rawValue), status: .created)
    }

    @Sendable func checkInPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let people = try await codes.ownCodes(actor: identity.actor)
        return views.page("checkin", CheckInFormPage(
            code: request.uri.queryParameters.get("c") ?? "",
            people: people.map {
                CheckInFormPage.Person(id: $0.residentID, name: $0.maskedName, relation: $0.relation ?? views.strings("relation_self", context.language))
            }
        ), context: context)
    }

    /// The check-in form: the venue code (from the scanned link, if any) and whom the citizen checks in.
    struct CheckInFormPage: PageModel {
        let code: String
        let people: [Person]

        struct Person: PageModel {
            let id: Int64
            let name: String
            let relation: String
        }
    }

    @Sendable func checkInFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let b = try await request.decode(as: CheckInBody.self, context: context)
        let (checkIn, person) = try await record(b.code, residentID: b.residentId, identity: identity)
        let words = CodeWords(strings: views.strings, language: context.language)
        return views.page("checked_in", CheckedInPage(
            venue: checkIn.venueName, at: Format.time(checkIn.at), printed: checkIn.printed, name: person.maskedName,
            colour: person.code.colour.rawValue, colourText: words.colour(person.code.colour)
        ), context: context)
    }

    /// A recorded check-in for the door to see: the venue, when, who, and their code's colour.
    struct CheckedInPage: PageModel {
        let venue: String
        let at: String
        let printed: Bool
        let name: String
        let colour: String
        let colourText: String
    }
}
