import CordonDomain
@testable import CordonStore
import Testing

@Suite struct DirectivesStoreTests {
    static let now = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 9 * 3_600

    @Test(arguments: Backends.all) func aDirectiveRunsFromIssueToCompletionAndIsSeenAbove(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.now
            let directives = Directives(registry: f.registry)
            let commander = try await f.actor(.commander, at: "C")
            let worker = try await f.actor(.gridWorker, at: "G1")
            let elsewhere = try await f.actor(.gridWorker, at: "M2")
            let sampler = try await f.actor(.sampler, at: "G1")
            let m1 = try await f.database.area(code: "M1")!
            await #expect(throws: DirectiveError(.deadlinePassed)) {
                try await directives.issue(title: "上门排查", body: "", areaID: m1.id, role: .gridWorker, deadline: now - 1, actor: commander, now: now)
            }
            await #expect(throws: DirectiveError(.titleMissing)) {
                try await directives.issue(title: " ", body: "", areaID: m1.id, role: .gridWorker, deadline: now + 7_200, actor: commander, now: now)
            }
            await #expect(throws: StoreError.self) {
                try await directives.issue(title: "越权", body: "", areaID: m1.id, role: nil, deadline: now + 7_200, actor: worker, now: now)
            }
            let id = try await directives.issue(title: "和平社区上门排查", body: "18时前完成", areaID: m1.id, role: .gridWorker, deadline: now + 7_200,
                                                actor: commander, now: now)
            #expect(try await directives.received(actor: worker, now: now).map(\.id) == [id])
            #expect(try await directives.received(actor: elsewhere, now: now).isEmpty)
            #expect(try await directives.received(actor: sampler, now: now).isEmpty, "issued to grid workers only")
            #expect(try await Tasks(registry: f.registry).today(actor: worker, now: now).directives.map(\.id) == [id])

            await #expect(throws: StoreError.self) { try await directives.step(id, .acknowledge, actor: elsewhere, now: now) }
            await #expect(throws: DirectiveError(.noteMissing)) { try await directives.step(id, .complete, actor: worker, now: now) }
            try await directives.step(id, .acknowledge, actor: worker, now: now + 60)
            await #expect(throws: DirectiveError(.alreadyAcknowledged)) { try await directives.step(id, .acknowledge, actor: worker, now: now + 61) }

            // Past its deadline, the district above sees it overdue; the other district does not see it at all.
            let above = try await directives.overseen(actor: try await f.actor(.districtOfficer, at: "D1"), now: now + 3 * 3_600)
            #expect(above.map(\.id) == [id] && above[0].overdue && above[0].status == .acknowledged)
            #expect(try await directives.overseen(actor: try await f.actor(.districtOfficer, at: "D2"), now: now).isEmpty)

            try await directives.step(id, .complete, note: "已上门 120 户", actor: worker, now: now + 3 * 3_600)
            let done = try await directives.directive(id, actor: commander, now: now + 3 * 3_600)
            #expect(done.status == .completed && done.note == "已上门 120 户" && !done.overdue)
            #expect(try await directives.overseen(actor: commander, now: now + 3 * 3_600).isEmpty)
            await #expect(throws: DirectiveError(.closed)) { try await directives.step(id, .withdraw, actor: commander, now: now + 4 * 3_600) }
            let actions = try await f.database.journal(subjectType: "directive", subjectID: "\(id)").map(\.action)
            #expect(actions == ["directive.complete", "directive.acknowledge", "directive.issue"])
        }
    }

    @Test(arguments: Backends.all) func aFindingKeepsItsPhotoAndOrdersItsFollowUp(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.now
            let supervision = Supervision(registry: f.registry)
            let officer = try await f.actor(.districtOfficer, at: "D1")
            let m1 = try await f.database.area(code: "M1")!
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
            await #expect {
                try await supervision.record(NewInspection(areaID: m1.id, severity: .major, finding: "", photo: [1, 2, 3]), actor: officer, now: now)
            } throws: { error in
                Set((error as? FieldErrors)?.errors.map(\.field) ?? []) == ["finding", "photo"]
            }
            await #expect(throws: StoreError.self) {
                try await supervision.record(NewInspection(areaID: m1.id, severity: .minor, finding: "门岗无人"), actor: try await f.actor(.gridWorker, at: "G1"))
            }
            let id = try await supervision.record(NewInspection(areaID: m1.id, severity: .critical, finding: "封控楼栋单元门未上锁", photo: png,
                                                                followUp: ("立即整改并复查", .gridWorker, now + 3_600)), actor: officer, now: now)
            let list = try await supervision.inspections(actor: officer)
            #expect(list.map(\.id) == [id] && list[0].hasPhoto && list[0].followUps.count == 1 && list[0].severity == .critical)
            #expect(try await supervision.photo(inspectionID: id, actor: officer) == ("image/png", png))
            #expect(try await supervision.inspections(actor: try await f.actor(.districtOfficer, at: "D2")).isEmpty)
            let followUp = try await Directives(registry: f.registry).received(actor: try await f.actor(.gridWorker, at: "G1"), now: now)
            #expect(followUp.map(\.inspectionID) == [id] && followUp[0].title == "立即整改并复查")
        }
    }

    @Test(arguments: Backends.all) func theDaysListCountsWhatEachCapabilityLeftForTheRole(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = UnixTime.now()
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 6).utf8), actor: op, skipInvalid: false, reason: "seed")
            let rows = try await f.database.read {
                try await $0.select("SELECT r.id FROM residents r JOIN areas a ON a.id = r.household_id WHERE a.code IN ('H1', 'H2') ORDER BY r.id",
                                    binds: [], types: [.int])
            }
            let (patient, contact) = (rows[0][0].int!, rows[1][0].int!)
            let tracing = Tracing(registry: f.registry)
            let caseID = try await tracing.register(NewCase(residentID: patient, classification: .confirmed, severity: .mild, onset: CivilDate(unixTime: now - 7_200),
                                                            sampledAt: now - 7_200, reportedAt: now - 3_600, foundBy: .screening, treatedAt: "市第二人民医院",
                                                            isolatedAt: now - 3_600), actor: op, now: now - 3_600)
            try await tracing.addContact(caseID: caseID, residentID: contact, tier: .close, via: nil, exposedAt: now - 86_400, reason: "同住",
                                         actor: op, now: now - 3 * 3_600)
            let tasks = Tasks(registry: f.registry)
            let grid = try await f.actor(.gridWorker, at: "G1")
            let traced = try await tasks.today(actor: grid, now: now).groups
            #expect(traced.map(\.kind) == [.contactsToTrace] && traced[0].count == 1 && traced[0].overdue == 1 && traced[0].path == "/contacts")
            // Placed at home for the day: the test owed today and today's checks join the list; the sampler has none of it.
            try await Quarantine(registry: f.registry).assign(residentID: contact, tier: .highRiskVisitor, actor: op, now: now - 60)
            let placed = try await tasks.today(actor: grid, now: now).groups
            #expect(placed.map(\.kind).contains(.quarantineTests) && placed.map(\.kind).contains(.quarantineChecks))
            #expect(placed.first { $0.kind == .quarantineTests }?.count == 1)
            #expect(try await tasks.today(actor: try await f.actor(.sampler, at: "G1"), now: now).groups.isEmpty)
            #expect(try await tasks.today(actor: try await f.actor(.gridWorker, at: "M2"), now: now).groups.isEmpty, "another community's worker")
        }
    }
}
