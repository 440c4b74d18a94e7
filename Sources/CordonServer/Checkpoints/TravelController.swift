import CordonDomain
import CordonStore
import Hummingbird

/// One-scan registration at traffic checkpoints (一码通行), open to travellers without an account: fill the form once
/// a day, get a signed pass good until midnight at every checkpoint in the city.
struct TravelController {
    let checkpoints: Checkpoints
    let codes: HealthCodes
    let passes: Passes
    let views: Views

    func addRoutes(public router: Router<AppContext>) {
        router.get("/travel", use: form)
        router.post("/travel", use: registerFromForm)
        router.post("/api/v1/travel-registrations", use: register)
    }

    struct Body: Decodable {
        let name: String?
        let idNumber: String?
        let phone: String?
        let plate: String?
        let origin: String?
        let remarks: String?
    }

    struct Registered: Encodable {
        let id: Int64
        let day: String
        let maskedName: String
        let colour: String
        let pass: String
        let passExpiresAt: Int64
    }

    /// Validates, stores and signs. The pass carries the traveller's health code when they are a registered resident,
    /// and is green otherwise (no facts are held about a visitor); it expires at the end of the local day.
    func perform(_ b: Body, language: Language) async throws -> Registered {
        let traveller: TravelRegistration
        // Every field is read by the rules at once, so a person learns of all their mistakes together.
        switch TravelRegistration.validate(name: b.name ?? "", idNumber: b.idNumber ?? "", phone: b.phone ?? "", plate: b.plate ?? "",
                                           origin: b.origin ?? "", remarks: b.remarks ?? "") {
        case .success(let t): traveller = t
        case .failure(let errors):
            throw AppError.invalidFields(errors.errors.map { Issue(field: $0.field, label: "travel_\($0.field)", key: "field.\($0.code.rawValue)") })
        }
        let now = UnixTime.now()
        let record = try await checkpoints.register(traveller, now: now)
        let colour = try await codes.code(for: record, now: now)
        let midnight = record.day.adding(days: 1).startUnixTime()
        let claims = PassClaims(issuer: passes.issuer, subject: "travel-\(record.id)", issuedAt: now, expiresAt: midnight, colour: colour,
                                maskedName: record.maskedName, kind: .travel)
        return Registered(id: record.id, day: record.day.description, maskedName: record.maskedName, colour: colour.rawValue,
                          pass: try await passes.sign(claims, now: now), passExpiresAt: midnight)
    }

    @Sendable func register(_ request: Request, context: AppContext) async throws -> Response {
        let b = try await request.decode(as: Body.self, context: context)
        return try JSON.response(try await perform(b, language: context.language), status: .created)
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        views.page("travel", TravelPage(), context: context)
    }

    /// The registration form, and after a refusal what was wrong with the fields as they were typed.
    struct TravelPage: PageModel {
        var issues: [String] = []
        var hasIssues = false
        var f: Fields?

        struct Fields: PageModel {
            let name: String
            let idNumber: String
            let phone: String
            let plate: String
            let origin: String
            let remarks: String
        }
    }

    /// The traveller's pass for the day: the QR code, the colour, and until when it is valid.
    struct TravelPassPage: PageModel {
        let name: String
        let day: String
        let qr: String
        let pass: String
        let colour: String
        let colourText: String
        let validUntil: String
    }

    @Sendable func registerFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let body = try await request.decode(as: Body.self, context: context)
        do {
            let done = try await perform(body, language: context.language)
            return views.page("travel_pass", TravelPassPage(
                name: done.maskedName, day: done.day, qr: (try? QRCode(text: done.pass, correction: .medium).svg(ariaLabel: "pass")) ?? "",
                pass: done.pass, colour: done.colour, colourText: views.strings("colour_\(done.colour)", context.language),
                validUntil: Format.time(done.passExpiresAt)
            ), context: context)
        } catch let refusal as any Refusal where refusal.status == .badRequest {
            let lines = refusal.faults.map { views.strings.issue($0, context.language) }
            return views.page("travel", TravelPage(issues: lines, hasIssues: true, f: TravelPage.Fields(
                name: body.name ?? "", idNumber: body.idNumber ?? "", phone: body.phone ?? "", plate: body.plate ?? "",
                origin: body.origin ?? "", remarks: body.remarks ?? ""
            )), context: context, status: .badRequest)
        }
    }
}
