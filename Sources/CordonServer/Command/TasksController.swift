import CordonDomain
import CordonStore
import Hummingbird

/// One list for the day (`/tasks`): the directives a person receives, with acknowledge and complete, and the work
/// the other capabilities made for their role; for commanders and district officers also the directives below them,
/// overdue first, and the form to issue one.
struct TasksController {
    let tasks: Tasks
    let directives: Directives
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/tasks", use: page)
        pages.post("/directives", use: issueFromForm)
        pages.post("/directives/:id/:step", use: stepFromForm)
        api.get("/tasks", use: list)
        api.get("/directives", use: overseen)
        api.post("/directives", use: issue)
        api.get("/directives/:id", use: one)
        api.post("/directives/:id/:step", use: step)
    }

    struct DirectiveBody: Encodable {
        let id: Int64
        let title: String
        let body: String
        let areaId: Int64
        let areaName: String
        let role: String?
        let deadline: Int64
        let status: String
        let overdue: Bool
        let issuer: String
        let issuedAt: Int64
        let acknowledgedBy: String?
        let acknowledgedAt: Int64?
        let closedBy: String?
        let closedAt: Int64?
        let note: String?
        let inspectionId: Int64?

        init(_ d: DirectiveRecord) {
            (id, title, body, areaId, areaName, role, deadline) = (d.id, d.title, d.body, d.areaID, d.areaName, d.role?.rawValue, d.deadline)
            (status, overdue, issuer, issuedAt) = (d.status.rawValue, d.overdue, d.issuer, d.issuedAt)
            (acknowledgedBy, acknowledgedAt, closedBy, closedAt, note, inspectionId) = (d.acknowledgedBy, d.acknowledgedAt, d.closedBy, d.closedAt, d.note, d.inspectionID)
        }
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let today = try await tasks.today(actor: identity.actor)
        struct Body: Encodable { let directives: [DirectiveBody]; let tasks: [TaskGroup] }
        return try JSON.response(Body(directives: today.directives.map(DirectiveBody.init), tasks: today.groups))
    }

    @Sendable func overseen(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let all = try request.queryFlag("all")
        return try JSON.response(["directives": try await directives.overseen(actor: identity.actor, openOnly: !all).map(DirectiveBody.init)])
    }

    @Sendable func one(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try JSON.response(DirectiveBody(try await directives.directive(try context.parameters.require("id", as: Int64.self), actor: identity.actor)))
    }

    struct IssueBody: Decodable {
        let title: String
        let body: String?
        let areaId: Int64
        let role: String?
        let deadline: Moment
    }

    @Sendable func issue(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: IssueBody.self, context: context)
        let id = try await directives.issue(title: b.title, body: b.body ?? "", areaID: b.areaId, role: try CommandForms.role(b.role), deadline: b.deadline.unix, actor: identity.actor)
        return try JSON.response(DirectiveBody(try await directives.directive(id, actor: identity.actor)), status: .created)
    }

    func step(_ raw: String) throws -> DirectiveStep {
        guard let step = DirectiveStep(rawValue: raw) else { throw AppError.notFound }
        return step
    }

    struct StepBody: Decodable { let note: String? }

    @Sendable func step(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let step = try step(try context.parameters.require("step"))
        let b = try await request.decode(as: StepBody.self, context: context)
        try await directives.step(id, step, note: b.note ?? "", actor: identity.actor)
        return try JSON.response(DirectiveBody(try await directives.directive(id, actor: identity.actor)))
    }

    func row(_ d: DirectiveRecord, _ l: Language) -> TasksPage.Directive {
        TasksPage.Directive(
            id: d.id, title: d.title, body: d.body, hasBody: !d.body.isEmpty, area: d.areaName,
            role: d.role.map { views.strings("role_\($0.rawValue)", l) } ?? views.strings("directive_everyone", l),
            deadline: Format.time(d.deadline), status: d.status.rawValue, statusText: views.strings("directive_\(d.status.rawValue)", l),
            overdue: d.overdue, issuer: d.issuer, issued: Format.time(d.issuedAt),
            acknowledged: d.acknowledgedAt.map { "\(d.acknowledgedBy ?? "") \(Format.time($0))" } ?? "", hasAck: d.acknowledgedAt != nil,
            closed: d.closedAt.map { "\(d.closedBy ?? "") \(Format.time($0))" } ?? "", note: d.note ?? "", hasNote: d.note != nil,
            canAck: d.status == .issued, canComplete: d.status.isOpen, inspection: d.inspectionID.map { "\($0)" } ?? "",
            hasInspection: d.inspectionID != nil)
    }

    /// The day's list: directives received, the work counted per kind, and for issuers the form and the directives below them.
    struct TasksPage: PageModel {
        let directives: [Directive]
        let hasDirectives: Bool
        let groups: [Group]
        let hasGroups: Bool
        let issuer: Bool
        var overseen: [Directive]?
        var hasOverseen: Bool?
        var overdueCount: Int?
        var areas: [CommandForms.AreaOption]?
        var roles: [Choice]?
        var deadline: String?

        struct Directive: PageModel {
            let id: Int64
            let title: String
            let body: String
            let hasBody: Bool
            let area: String
            let role: String
            let deadline: String
            let status: String
            let statusText: String
            let overdue: Bool
            let issuer: String
            let issued: String
            let acknowledged: String
            let hasAck: Bool
            let closed: String
            let note: String
            let hasNote: Bool
            let canAck: Bool
            let canComplete: Bool
            let inspection: String
            let hasInspection: Bool
        }

        struct Group: PageModel {
            let label: String
            let count: Int
            let overdue: Int
            let late: Bool
            let path: String
        }
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let l = context.language
        let now = UnixTime.now()
        let today = try await tasks.today(actor: identity.actor, now: now)
        let issuer = identity.may(.issueDirectives)
        var page = TasksPage(
            directives: today.directives.map { row($0, l) }, hasDirectives: !today.directives.isEmpty,
            groups: today.groups.map { g in
                TasksPage.Group(label: views.strings("task_\(g.kind.rawValue)", l), count: g.count, overdue: g.overdue, late: g.overdue > 0, path: g.path)
            },
            hasGroups: !today.groups.isEmpty, issuer: issuer)
        if issuer {
            let below = try await directives.overseen(actor: identity.actor, now: now)
            page.overseen = below.map { row($0, l) }
            page.hasOverseen = !below.isEmpty
            page.overdueCount = below.filter(\.overdue).count
            page.areas = try await CommandForms.areaOptions(identity.actor, database: database)
            page.roles = CommandForms.roleOptions(views, l)
            page.deadline = LocalTime.format(now + 6 * 3_600)
        }
        return views.page("tasks", page, context: context)
    }

    @Sendable func issueFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let b = try await request.decode(as: IssueBody.self, context: context)
        try await directives.issue(title: b.title, body: b.body ?? "", areaID: b.areaId, role: try CommandForms.role(b.role), deadline: b.deadline.unix,
                                   actor: identity.actor)
        return Views.redirect("/tasks")
    }

    @Sendable func stepFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let step = try step(try context.parameters.require("step"))
        let b = try await request.decode(as: StepBody.self, context: context)
        try await directives.step(try context.parameters.require("id", as: Int64.self), step, note: b.note ?? "", actor: identity.actor)
        return Views.redirect("/tasks")
    }
}
