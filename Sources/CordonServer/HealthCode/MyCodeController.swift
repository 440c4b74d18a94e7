import CordonDomain
import CordonStore
import Hummingbird

/// The citizen's own code (and those of the family members they act for): colour, a pass that renews itself, the
/// reasons in plain words with how to clear each, nearby sampling sites, the history, and a paper pass to print.
struct MyCodeController {
    let codes: HealthCodes
    let issuer: PassIssuer
    let screening: Screening
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/code", use: page)
        pages.get("/code/:id/paper", use: paper)
        api.get("/me/codes", use: list)
        api.get("/me/codes/:id/pass", use: pass)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let words = CodeWords(strings: views.strings, language: context.language)
        var bodies: [CodeBody] = []
        for person in try await codes.ownCodes(actor: identity.actor) {
            let pass = try await issuer.issue(person.code, maskedName: person.maskedName, kind: .phone)
            bodies.append(words.body(person.code, maskedName: person.maskedName, relation: person.relation, pass: pass))
        }
        var json = JSONText()
        json.object { o in
            o.key("codes")
            o.array(bodies) { a, body in body.write(to: &a) }
        }
        return json.response()
    }

    /// A fresh pass for one of the citizen's codes, for an app that renews the QR code by itself.
    @Sendable func pass(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let person = try await codes.ownCode(residentID: id, actor: identity.actor)
        let pass = try await issuer.issue(person.code, maskedName: person.maskedName, kind: .phone)
        let words = CodeWords(strings: views.strings, language: context.language)
        var json = JSONText()
        words.body(person.code, maskedName: person.maskedName, relation: person.relation, pass: pass).write(to: &json)
        return json.response()
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.ownRecords)
        let l = context.language
        let words = CodeWords(strings: views.strings, language: l)
        var people: [CodeMinePage.Person] = []
        for person in try await codes.ownCodes(actor: identity.actor) {
            let pass = try await issuer.issue(person.code, maskedName: person.maskedName, kind: .phone)
            var sites: [CodeMinePage.Site] = []
            if person.code.reasons.contains(where: { $0.clearance == .getTested }), let home = try await database.area(id: person.householdID) {
                let now = UnixTime.now()
                sites = try await screening.sites(near: home).filter { $0.kind == .community }.prefix(5).map { s in
                    CodeMinePage.Site(name: s.name, area: s.areaName, hours: s.hours.text, open: s.hours.isOpen(at: now))
                }
            }
            people.append(CodeMinePage.Person(
                id: person.residentID, name: person.maskedName,
                relation: person.relation ?? views.strings("relation_self", l),
                colour: person.code.colour.rawValue, colourText: words.colour(person.code.colour),
                qr: pass.svg ?? "", pass: pass.text, validUntil: Format.time(pass.expiresAt),
                // Reload half a minute before the pass expires, so the code on screen is never stale.
                renew: max(10, pass.expiresAt - UnixTime.now() - 30),
                reasons: words.reasonRows(person.code), sites: sites, hasSites: !sites.isEmpty,
                history: words.historyRows(try await codes.history(residentID: person.residentID, limit: 20)),
                green: person.code.colour == .green
            ))
        }
        return views.page("code_mine", CodeMinePage(people: people), context: context)
    }

    /// The citizen's codes and those of the people they act for, each with its pass, reasons, nearby sites and history.
    struct CodeMinePage: PageModel {
        let people: [Person]

        struct Person: PageModel {
            let id: Int64
            let name: String
            let relation: String
            let colour: String
            let colourText: String
            let qr: String
            let pass: String
            let validUntil: String
            let renew: Int64
            let reasons: [CodeWords.ReasonRow]
            let sites: [Site]
            let hasSites: Bool
            let history: [CodeWords.HistoryRow]
            let green: Bool
        }

        struct Site: PageModel {
            let name: String
            let area: String
            let hours: String
            let open: Bool
        }
    }

    /// A printable pass for someone without a phone: green only, valid for the policy's days (or until the code may
    /// change by the clock, if sooner).
    @Sendable func paper(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let person = try await codes.ownCode(residentID: id, actor: identity.actor)
        guard person.code.colour == .green else { throw AppError.conflict(key: "code.paper_not_green") }
        let pass = try await issuer.issue(person.code, maskedName: person.maskedName, kind: .paper)
        return views.page("code_paper", CodePaperPage(name: person.maskedName, qr: pass.svg ?? "", pass: pass.text,
                                                      validUntil: Format.time(pass.expiresAt)), context: context)
    }

    /// A printable green pass: the masked name, the QR code and until when it is valid.
    struct CodePaperPage: PageModel {
        let name: String
        let qr: String
        let pass: String
        let validUntil: String
    }
}
