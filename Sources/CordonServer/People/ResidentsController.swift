import CordonDomain
import CordonStore
import Foundation
import Hummingbird

/// Resident search and the resident page, for people and programs. Every open of a record is audited by the store.
struct ResidentsController {
    let registry: Registry
    let screening: Screening
    let views: Views

    func addRoutes(pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        pages.get("/residents", use: searchPage)
        pages.get("/residents/{id}", use: residentPage)
        api.get("/residents", use: searchAPI)
        api.get("/residents/{id}", use: residentAPI)
        pages.post("/residents/{id}/proxies", use: addProxyFromForm)
        pages.post("/residents/{id}/proxies/{proxy}/remove", use: removeProxyFromForm)
        api.post("/residents/{id}/proxies", use: addProxy)
        api.delete("/residents/{id}/proxies/{proxy}", use: removeProxy)
    }

    static func today() -> CivilDate { CivilDate(unixTime: Int64(Date().timeIntervalSince1970)) }

    @Sendable func searchPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readResidents)
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        let results = try await registry.search(q, actor: identity.actor, today: Self.today())
        return views.page("residents", ResidentsPage(
            q: q, searched: !q.isEmpty, results: results.map(Self.listRow), empty: !q.isEmpty && results.isEmpty
        ), context: context)
    }

    /// The resident search: what was asked, and the people found.
    struct ResidentsPage: PageModel {
        let q: String
        let searched: Bool
        let results: [ListRow]
        let empty: Bool
    }

    @Sendable func residentPage(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        let record = try await registry.resident(id: id, actor: identity.actor, purpose: "page", today: Self.today())
        let s = views.strings
        let l = context.language
        let facts = try await screening.testingFacts(for: record)
        let now = UnixTime.now()
        let role = identity.user.role
        let testing = ResidentPage.Testing(
            last: facts.lastSampledAt.map(Format.time) ?? s("never", l),
            result: facts.lastSampledAt == nil ? "—" : s(facts.lastResult.map { "result_\($0.rawValue)" } ?? "result_pending", l),
            valid: facts.hasValidNegative(at: now),
            validUntil: facts.negativeValidUntil.map(Format.time) ?? "—",
            orders: facts.openOrders.map { s("action_\($0.rawValue)", l) },
            routine: s("routine_\(facts.routine.status.rawValue)", l),
            routineRule: facts.routine.requirement.map { s("routine_rule_\($0.key)", l) } ?? "—",
            due: facts.routine.dueAt.map(Format.time) ?? "—",
            overdue: facts.routine.status == .overdue
        )
        var groups = [Choice(value: "", label: "—", selected: facts.workGroup == nil)]
        for g in WorkGroup.allCases { groups.append(Choice(value: g.rawValue, label: s("work_group_\(g.rawValue)", l), selected: facts.workGroup == g)) }
        return views.page("resident", ResidentPage(
            testing: testing,
            workGroups: groups,
            setsWorkGroup: identity.may(.recordWorkGroups),
            r: .init(
                id: record.id, name: record.name, idNumber: record.idNumber, phone: record.phone ?? "—",
                birthDate: record.birthDate.description, age: record.birthDate.age(on: Self.today()),
                sex: s("sex_\(record.sex.rawValue)", l), idKind: s("id_kind_\(record.idKind.rawValue)", l),
                address: record.address, groups: record.groups.map { s("group_\($0.rawValue)", l) },
                householdId: record.householdID, masked: !record.unmasked,
                proxies: record.proxies.map(Self.linkRow), actsFor: record.actsFor.map(Self.linkRow)
            )
        ), context: context)
    }

    /// One resident's record (masked as the reader's role requires), who acts for them and for whom they act, their
    /// testing, and their work group.
    struct ResidentPage: PageModel {
        let testing: Testing
        let workGroups: [Choice]
        let setsWorkGroup: Bool
        let r: Resident

        struct Testing: PageModel {
            let last: String
            let result: String
            let valid: Bool
            let validUntil: String
            let orders: [String]
            let routine: String
            let routineRule: String
            let due: String
            let overdue: Bool
        }

        struct Resident: PageModel {
            let id: Int64
            let name: String
            let idNumber: String
            let phone: String
            let birthDate: String
            let age: Int
            let sex: String
            let idKind: String
            let address: String
            let groups: [String]
            let householdId: Int64
            let masked: Bool
            let proxies: [LinkRow]
            let actsFor: [LinkRow]
        }
    }

    static func linkRow(_ link: ProxyLink) -> LinkRow {
        LinkRow(id: link.residentID, name: link.name, phone: link.phone ?? "—", relation: link.relation)
    }

    /// Someone linked as a proxy: who, their phone, and how they are related.
    struct LinkRow: PageModel {
        let id: Int64
        let name: String
        let phone: String
        let relation: String
    }

    struct NewProxy: Decodable {
        let idNumber: String
        let relation: String
    }

    @Sendable func addProxyFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.readResidents)
        let id = try context.parameters.require("id", as: Int64.self)
        let b = try await request.decode(as: NewProxy.self, context: context)
        try await registry.addProxy(residentID: id, proxyIDNumber: b.idNumber, relation: b.relation, actor: identity.actor)
        return Views.redirect("/residents/\(id)")
    }

    @Sendable func removeProxyFromForm(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        try await registry.removeProxy(residentID: id, proxyID: try context.parameters.require("proxy", as: Int64.self), actor: identity.actor)
        return Views.redirect("/residents/\(id)")
    }

    @Sendable func addProxy(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await request.decode(as: NewProxy.self, context: context)
        try await registry.addProxy(residentID: try context.parameters.require("id", as: Int64.self), proxyIDNumber: body.idNumber,
                                    relation: body.relation, actor: identity.actor)
        return Response(status: .created)
    }

    @Sendable func removeProxy(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await registry.removeProxy(residentID: try context.parameters.require("id", as: Int64.self),
                                       proxyID: try context.parameters.require("proxy", as: Int64.self), actor: identity.actor)
        return Response(status: .noContent)
    }

    static func listRow(_ item: ResidentListItem) -> ListRow {
        ListRow(id: item.id, name: item.name, idNumber: item.idNumber, phone: item.phone ?? "—", address: item.address, age: item.age)
    }

    /// One person found by a search, masked.
    struct ListRow: PageModel {
        let id: Int64
        let name: String
        let idNumber: String
        let phone: String
        let address: String
        let age: Int
    }

    struct SearchBody: Encodable {
        let residents: [ResidentListItem]
    }

    @Sendable func searchAPI(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let q = request.uri.queryParameters["q"].map(String.init) ?? ""
        let limit = Int(try request.queryInteger("limit", in: 1...500) ?? 50)
        return try JSON.response(SearchBody(residents: try await registry.search(q, actor: identity.actor, limit: limit, today: Self.today())))
    }

    @Sendable func residentAPI(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id", as: Int64.self)
        return try JSON.response(try await registry.resident(id: id, actor: identity.actor, purpose: "api", today: Self.today()))
    }
}
