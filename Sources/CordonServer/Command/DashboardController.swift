import CordonDomain
import CordonStore
import Hummingbird

/// The command centre's dashboard: the whole city, or any district, street or community by clicking down, each figure
/// linking to the list behind it; and the same figures as JSON.
struct DashboardController {
    let dashboard: Dashboard
    let database: Database
    let views: Views


    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/dashboard", use: page)
        api.get("/dashboard", use: figures)
    }

    /// The area asked for by `?area=CODE`, inside the actor's jurisdiction; their own jurisdiction by default.
    func area(_ request: Request, _ identity: Identity) async throws -> Area {
        guard let code = request.uri.queryParameters["area"].map(String.init), !code.isEmpty else { return identity.actor.jurisdiction }
        guard let area = try await database.area(code: code), identity.actor.jurisdiction.contains(area) else { throw AppError.notFound }
        return area
    }

    struct Body: Encodable {
        struct Day: Encodable {
            let date: String
            let confirmed: Int
            let asymptomatic: Int
        }

        struct Child: Encodable {
            let code: String
            let name: String
            let confirmed: Int
            let asymptomatic: Int
            let today: Int
        }

        struct Round: Encodable {
            let id: Int64
            let name: String
            let residents: Int
            let sampled: Int
            let tubesOverdue: Int
            let hoursToResult: Double?
        }

        struct Estimate: Encodable {
            let date: String
            let mean: Double
            let lower: Double
            let upper: Double
            let cases: Int
        }

        let area: String
        let areaName: String
        let at: Int64
        let curve: [Day]
        let children: [Child]
        let foundBy: [String: Int]
        let underControlShare: Double?
        let contacts: [String: Int]
        let contactsOpen: Int
        let contactsOverdue: Int
        let round: Round?
        let rooms: Int
        let occupied: Int
        let freeNow: Int
        let waitingForRoom: Int
        let riskAreas: [String: Int]
        let colours: [String: Int]
        let rt: Estimate?
    }

    func body(_ f: DashboardFigures) -> Body {
        let firstDay = f.historyStart
        func estimate(_ e: ReproductionNumber.Estimate) -> Body.Estimate {
            Body.Estimate(date: firstDay.adding(days: e.day).description, mean: e.mean, lower: e.lower, upper: e.upper, cases: e.cases)
        }
        return Body(area: f.area.code, areaName: f.area.name, at: f.at,
                    curve: f.curve.map { .init(date: $0.date.description, confirmed: $0.confirmed, asymptomatic: $0.asymptomatic) },
                    children: f.children.map { .init(code: $0.area.code, name: $0.area.name, confirmed: $0.confirmed, asymptomatic: $0.asymptomatic, today: $0.today) },
                    foundBy: Dictionary(uniqueKeysWithValues: f.foundBy.map { ($0.key.rawValue, $0.value) }), underControlShare: f.underControlShare,
                    contacts: Dictionary(uniqueKeysWithValues: f.ledger.map { ($0.key?.rawValue ?? "confirmed", $0.value) }), contactsOpen: f.ledgerOpen,
                    contactsOverdue: f.ledgerOverdue,
                    round: f.round.map { .init(id: $0.id, name: $0.name, residents: $0.residents, sampled: $0.sampled, tubesOverdue: $0.tubesOverdue,
                                               hoursToResult: $0.hoursToResult) },
                    rooms: f.capacity.rooms, occupied: f.occupied, freeNow: f.capacity.days.first?.free ?? 0, waitingForRoom: f.capacity.waiting,
                    riskAreas: Dictionary(uniqueKeysWithValues: f.riskAreas.map { ($0.key.rawValue, $0.value) }),
                    colours: Dictionary(uniqueKeysWithValues: f.colours.map { ($0.key.rawValue, $0.value) }), rt: f.reproduction.map(estimate))
    }

    @Sendable func figures(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let area = try await self.area(request, identity)
        return try JSON.response(body(try await dashboard.figures(area: area, actor: identity.actor)))
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readDashboard)
        let area = try await self.area(request, identity)
        let f = try await dashboard.figures(area: area, actor: identity.actor)
        let l = context.language
        func t(_ key: String) -> String { views.strings(key, l) }
        func percent(_ x: Double?) -> String { x.map { "\(Int(($0 * 100).rounded())) %" } ?? "—" }
        let today = f.curve.last
        let curveStart = f.curve.first.map { $0.date.dayNumber - f.historyStart.dayNumber } ?? 0
        let words = TracingWords(strings: views.strings, language: l)
        let crumbs = try await database.breadcrumbs(of: area, actor: identity.actor).dropLast()
        return views.page("dashboard", DashboardPage(
            area: DashboardPage.Place(name: area.name, code: area.code, level: t("level_\(area.level.rawValue)")),
            crumbs: crumbs.map { DashboardPage.Crumb(code: $0.code, name: $0.name) },
            at: Format.time(f.at),
            todayConfirmed: today?.confirmed ?? 0, todayAsymptomatic: today?.asymptomatic ?? 0,
            periodTotal: f.curve.reduce(0) { $0 + $1.confirmed + $1.asymptomatic },
            underControl: percent(f.underControlShare),
            foundBy: CaseDiscovery.allCases.compactMap { d in f.foundBy[d].map { DashboardPage.Count(label: words.discovery(d), n: $0) } },
            curve: EpidemicCurve.svg(f.curve, rt: f.reproductionSeries, firstDay: curveStart, label: t("dash_curve"),
                                     confirmedLabel: t("classification_confirmed"), asymptomaticLabel: t("classification_asymptomatic")),
            children: f.children.map { c in
                DashboardPage.Child(code: c.area.code, name: c.area.name, confirmed: c.confirmed, asymptomatic: c.asymptomatic, today: c.today,
                                    drill: c.area.level != .household)
            },
            hasChildren: !f.children.isEmpty,
            contactsOpen: f.ledgerOpen, contactsOverdue: f.ledgerOverdue,
            stages: ([nil] + LedgerStage.allCases.map { Optional($0) }).map { s in
                DashboardPage.Count(label: s.map(words.stage) ?? t("dash_stage_confirmed"), n: f.ledger[s] ?? 0)
            },
            round: f.round.map { r in
                DashboardPage.Round(id: r.id, name: r.name, sampled: r.sampled, residents: r.residents,
                                    coverage: r.residents == 0 ? "—" : percent(Double(r.sampled) / Double(r.residents)), overdue: r.tubesOverdue,
                                    hours: r.hoursToResult.map { String(Int($0.rounded())) } ?? "—")
            },
            rooms: f.capacity.rooms, occupied: f.occupied, freeNow: f.capacity.days.first?.available ?? 0, shortNow: f.capacity.days.first?.shortfall ?? 0,
            short: (f.capacity.days.first?.shortfall ?? 0) > 0, waiting: f.capacity.waiting,
            freeWeek: f.capacity.days.last?.free ?? 0,
            risk: AreaRisk.allCases.reversed().map { DashboardPage.Risk(label: t("risk_\($0.rawValue)"), level: $0.rawValue, n: f.riskAreas[$0] ?? 0) },
            colours: CodeColour.allCases.map { DashboardPage.Colour(label: t("colour_\($0.rawValue)"), colour: $0.rawValue, n: f.colours[$0] ?? 0) },
            rt: f.reproduction.map { e in
                DashboardPage.Estimate(mean: format2(e.mean), lower: format2(e.lower), upper: format2(e.upper), cases: e.cases, rising: e.lower > 1,
                                       falling: e.upper < 1)
            }
        ), context: context)
    }

    /// An area's figures on the dashboard, each linking to the list behind it, and the areas below to click down to.
    struct DashboardPage: PageModel {
        let area: Place
        let crumbs: [Crumb]
        let at: String
        let todayConfirmed: Int
        let todayAsymptomatic: Int
        let periodTotal: Int
        let underControl: String
        let foundBy: [Count]
        let curve: String
        let children: [Child]
        let hasChildren: Bool
        let contactsOpen: Int
        let contactsOverdue: Int
        let stages: [Count]
        let round: Round?
        let rooms: Int
        let occupied: Int
        let freeNow: Int
        let shortNow: Int
        let short: Bool
        let waiting: Int
        let freeWeek: Int
        let risk: [Risk]
        let colours: [Colour]
        let rt: Estimate?

        struct Place: PageModel {
            let name: String
            let code: String
            let level: String
        }

        struct Crumb: PageModel {
            let code: String
            let name: String
        }

        struct Count: PageModel {
            let label: String
            let n: Int
        }

        struct Child: PageModel {
            let code: String
            let name: String
            let confirmed: Int
            let asymptomatic: Int
            let today: Int
            let drill: Bool
        }

        struct Round: PageModel {
            let id: Int64
            let name: String
            let sampled: Int
            let residents: Int
            let coverage: String
            let overdue: Int
            let hours: String
        }

        struct Risk: PageModel {
            let label: String
            let level: String
            let n: Int
        }

        struct Colour: PageModel {
            let label: String
            let colour: String
            let n: Int
        }

        struct Estimate: PageModel {
            let mean: String
            let lower: String
            let upper: String
            let cases: Int
            let rising: Bool
            let falling: Bool
        }
    }

    func format2(_ x: Double) -> String {
        let hundredths = Int((x * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
