import HTTPTypes
import CordonDomain
import CordonStore
import Hummingbird
import Logging

/// Builds the router with every route and middleware; tests call this with a throwaway database.
public func buildRouter(_ deps: Dependencies) async throws -> Router<AppContext> {
    let views = try await Views.load()
    let router = Router(context: AppContext.self)
    router.add(middleware: MetricsMiddleware<AppContext>())
    router.add(middleware: SecurityHeaders())
    // Identity before errors, so that error messages are in the caller's language.
    router.add(middleware: IdentityMiddleware(database: deps.database))
    router.add(middleware: ErrorMiddleware(views: views))
    let table = RouteTable()
    router.add(middleware: MethodNotAllowed(routes: table))

    SystemController(deps: deps).addRoutes(to: router)
    let login = LoginController(deps: deps, views: views, dummyHash: try await deps.passwords.hash(Secrets.newToken()))
    login.addPublicRoutes(to: router)

    let pages = router.group().add(middleware: RequireLogin(api: false))
    let api = router.group("api/v1").add(middleware: RequireLogin(api: true))
    login.addProtectedRoutes(to: pages)
    HomeController(database: deps.database, views: views).addRoutes(pages: pages, api: api)
    AreasController(database: deps.database, views: views).addRoutes(pages: pages, api: api)
    let screening = Screening(registry: deps.registry)
    ResidentsController(registry: deps.registry, screening: screening, views: views).addRoutes(pages: pages, api: api)
    RegistryController(deps: deps, views: views).addRoutes(pages: pages, api: api)
    TokensController(database: deps.database, views: views).addRoutes(pages: pages, api: api)
    AuditController(registry: deps.registry, views: views).addRoutes(pages: pages, api: api)
    UsersController(deps: deps, views: views).addRoutes(pages: pages, api: api)
    ScreeningAPIController(screening: screening, database: deps.database).addRoutes(to: api)
    ScreeningPagesController(screening: screening, database: deps.database, views: views).addRoutes(to: pages, public: router)
    SitesController(screening: screening, views: views).addRoutes(pages: pages, api: api)
    RoutineTestingController(screening: screening, registry: deps.registry, database: deps.database, views: views).addRoutes(pages: pages, api: api)
    let codes = HealthCodes(registry: deps.registry)
    MyCodeController(codes: codes, issuer: PassIssuer(passes: deps.passes), screening: screening, database: deps.database, views: views)
        .addRoutes(pages: pages, api: api)
    CodesController(codes: codes, registry: deps.registry, views: views).addRoutes(pages: pages, api: api)
    let checkpoints = Checkpoints(registry: deps.registry)
    PassesController(passes: deps.passes, checkpoints: checkpoints, views: views).addRoutes(public: router, pages: pages, api: api)
    VenuesController(checkpoints: checkpoints, codes: codes, views: views, publicBaseURL: deps.publicBaseURL).addRoutes(pages: pages, api: api)
    CheckpointsController(checkpoints: checkpoints, passes: deps.passes, views: views).addRoutes(pages: pages, api: api)
    TravelController(checkpoints: checkpoints, codes: codes, passes: deps.passes, views: views).addRoutes(public: router)
    let tracing = Tracing(registry: deps.registry)
    CasesController(tracing: tracing, screening: screening, views: views).addRoutes(pages: pages, api: api)
    CaseController(tracing: tracing).addRoutes(api: api)
    CasePageController(tracing: tracing, views: views).addRoutes(pages: pages)
    ContactsController(tracing: tracing, views: views).addRoutes(pages: pages, api: api)
    RiskPointsController(tracing: tracing, views: views).addRoutes(public: router, pages: pages, api: api)
    ClustersController(tracing: tracing, views: views).addRoutes(pages: pages, api: api)
    let quarantine = Quarantine(registry: deps.registry)
    QuarantinePagesController(quarantine: quarantine, tracing: tracing, views: views).addRoutes(pages: pages)
    QuarantineAPIController(quarantine: quarantine, tracing: tracing).addRoutes(api: api)
    RiskAreasController(areas: RiskAreas(registry: deps.registry), tracing: tracing, views: views).addRoutes(public: router, pages: pages, api: api)
    ArrivalsController(arrivals: Arrivals(registry: deps.registry), registry: deps.registry, tracing: tracing, views: views)
        .addRoutes(public: router, pages: pages, api: api)
    let dashboard = Dashboard(registry: deps.registry)
    DashboardController(dashboard: dashboard, database: deps.database, views: views).addRoutes(pages: pages, api: api)
    BulletinController(dashboard: dashboard, database: deps.database, views: views).addRoutes(pages: pages, api: api)
    PolicyController(policies: Policies(registry: deps.registry), database: deps.database, views: views).addRoutes(pages: pages, api: api)
    let directives = Directives(registry: deps.registry)
    TasksController(tasks: Tasks(registry: deps.registry), directives: directives, database: deps.database, views: views).addRoutes(pages: pages, api: api)
    SupervisionController(supervision: Supervision(registry: deps.registry), quarantine: quarantine, database: deps.database, views: views)
        .addRoutes(pages: pages, api: api)
    table.fill(router.routes.map { ("\($0.path)", $0.method.rawValue) })
    return router
}

/// The server application on `host:port`.
public func buildApplication(_ deps: Dependencies, host: String, port: Int, logger: Logger) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(deps)
    let gate = deps.admission
    // Admission comes before the router, at the connection: see AdmissionHandler.
    return Application(router: router, server: .http1(additionalChannelHandlers: [AdmissionHandler(gate: gate)]),
                       configuration: .init(address: .hostname(host, port: port), serverName: "cordon"),
                       services: [Housekeeping(registry: deps.registry, logger: logger)], logger: logger)
}

/// Pages are never framed by another site and never guess content types.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        return response
    }
}
