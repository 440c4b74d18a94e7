import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Routine testing (常态化): the grid worker's list of people due or overdue, a person's testing facts, and the work
/// group that puts a resident on the list.
struct RoutineTestingController {
    let screening: Screening
    let registry: Registry
    let database: Database
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/screening/routine", use: routinePage)
        pages.post("/residents/{id}/work-group", use: setWorkGroupFromForm)
        api.get("/screening/routine", use: routine)
        api.get("/residents/{id}/testing", use: testing)
        api.put("/residents/{id}/work-group", use: setWorkGroup)
    }

    @Sendable func routine(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let list = try await screening.routineDue(area: try await database.scopedArea(request, identity), actor: identity.actor)
        if try request.wantsCSV() {
            var csv = CSVWriter.line(["id", "name", "id_number", "address", "work_group", "status", "last_sampled_at", "due_at"])
            for r in list {
                csv += CSVWriter.line(["\(r.residentID)", r.name, r.idNumber, r.address, r.workGroup?.rawValue ?? "", r.state.status.rawValue,
                                       r.lastSampledAt.map(Format.time) ?? "", r.state.dueAt.map(Format.time) ?? ""])
            }
            return RegistryController.csv(csv, name: "routine-testing.csv")
        }
        return try JSON.response(["residents": list])
    }

    @Sendable func routinePage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readResidents)
        let area = try await database.scopedArea(request, identity)
        let list = try await screening.routineDue(area: area, actor: identity.actor)
        let l = context.language
        return views.page("screening_routine", RoutinePage(
            area: RoutinePage.Place(id: area.id, name: area.name), count: list.count,
            people: list.map { r in
                RoutinePage.Person(id: r.residentID, name: r.name, idNumber: r.idNumber, address: r.address,
                                   group: r.workGroup.map { views.strings("work_group_\($0.rawValue)", l) } ?? "—",
                                   status: views.strings("routine_\(r.state.status.rawValue)", l), overdue: r.state.status == .overdue,
                                   last: r.lastSampledAt.map(Format.time) ?? views.strings("never", l))
            }), context: context)
    }

    /// The people of an area due or overdue for routine testing, with their work group and when they were last sampled.
    struct RoutinePage: PageModel {
        let area: Place
        let count: Int
        let people: [Person]

        struct Place: PageModel {
            let id: Int64
            let name: String
        }

        struct Person: PageModel {
            let id: Int64
            let name: String
            let idNumber: String
            let address: String
            let group: String
            let status: String
            let overdue: Bool
            let last: String
        }
    }

    /// A person's screening facts; the read of the record is audited like any other.
    @Sendable func testing(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let record = try await registry.resident(id: try context.parameters.require("id", as: Int64.self), actor: identity.actor, purpose: "testing",
                                                 today: ResidentsController.today())
        return try JSON.response(try await screening.testingFacts(for: record))
    }

    struct WorkGroupBody: Decodable { let workGroup: String? }

    static func group(_ text: String?) throws -> WorkGroup? {
        do { return try WorkGroup.parse(text ?? "") } catch { throw AppError.badRequest(key: "request.work_group") }
    }

    @Sendable func setWorkGroup(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: WorkGroupBody.self, context: context)
        try await screening.setWorkGroup(residentID: try context.parameters.require("id", as: Int64.self), group: try Self.group(body.workGroup),
                                         actor: identity.actor)
        return Response(status: .noContent)
    }

    @Sendable func setWorkGroupFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.recordWorkGroups)
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: WorkGroupBody.self, context: context)
        try await screening.setWorkGroup(residentID: id, group: try Self.group(b.workGroup), actor: identity.actor)
        return Views.redirect("/residents/\(id)")
    }
}
