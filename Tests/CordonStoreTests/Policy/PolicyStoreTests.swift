import CordonDomain
@testable import CordonStore
import Testing

/// Versions, previews and decisions on both databases. The clock is August 2022, under the 9th edition (close
/// contacts 7 days central + 3 at home).
@Suite struct PolicyStoreTests {
    static let now = CivilDate(year: 2022, month: 8, day: 10)!.startUnixTime() + 15 * 3_600
    let day: Int64 = 86_400

    @Test(arguments: Backends.all) func aVersionIsCheckedPreviewedAndAppliedWhenItsTimeComes(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.now
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 6).utf8), actor: op, skipInvalid: false, reason: "seed")
            let policies = Policies(registry: f.registry)
            let commander = try await f.actor(.commander, at: "C")
            await #expect(throws: FieldErrors.self) {
                try await policies.createVersion(name: "坏", basedOn: PolicyPreset.ninthEdition.id, overrides: ["quarantine.close_contact.1.days": "0"],
                                                 actor: commander, now: now)
            }
            await #expect(throws: StoreError.self) {
                try await policies.createVersion(name: "网格", basedOn: PolicyPreset.ninthEdition.id, overrides: [:], actor: try await f.actor(.gridWorker, at: "G1"))
            }
            let id = try await policies.createVersion(name: "兰州 5+3", basedOn: PolicyPreset.ninthEdition.id,
                                                      overrides: ["quarantine.close_contact.1.days": "5", "quarantine.close_contact.1.test_days": "1,2,3,5"],
                                                      actor: commander, now: now)
            #expect(f.database.policies.schedule.presets[id]?.quarantine.measures[.closeContact]?.first?.days == 5)
            // A copy of the version starts from its values.
            let copy = try await policies.createVersion(name: "再改", basedOn: id, overrides: ["tracing.lookback_days": "3"], actor: commander, now: now)
            let copied = try #require(f.database.policies.schedule.presets[copy])
            #expect(copied.quarantine.measures[.closeContact]?.first?.days == 5 && copied.tracing.lookbackDays == 3)

            let resident = try await f.database.read { try await $0.select("SELECT id FROM residents ORDER BY id LIMIT 1", binds: [], types: [.int]) }[0][0].int!
            let quarantine = Quarantine(registry: f.registry)
            try await quarantine.createSite(NewQuarantineSite(code: "QS000001", name: "和平宾馆", areaCode: "M1", address: "", floors: 1, roomsPerFloor: 2),
                                            actor: op, now: now - day)
            let measure = try await quarantine.assign(residentID: resident, tier: .closeContact, actor: op, now: now - day)
            let staff = try await f.actor(.quarantineStaff, at: "C")
            let before = try await quarantine.openAssignment(measure, actor: staff, now: now).schedule
            #expect(before.end == now - day + 10 * day)

            let preview = try await policies.preview(presetID: id, from: now, actor: commander)
            #expect(preview.current.id == PolicyPreset.ninthEdition.id && preview.underMeasure == 1 && preview.tiersDropped.isEmpty)
            // A template may be previewed (not applied): five days at home would end the measure two days after it began.
            let template = try await policies.preview(presetID: PolicyPreset.respiratoryTemplate.id, from: now, actor: commander)
            #expect(template.rescheduled.map(\.newEndsAt) == [now - day + 5 * day] && template.differences.contains { $0.parameter.key == "tracing.lookback_days" })
            #expect(preview.rescheduled.map(\.newEndsAt) == [before.end - 2 * day])
            #expect(Set(preview.differences.map(\.parameter.key)) == ["quarantine.close_contact.1.days", "quarantine.close_contact.1.test_days"])

            await #expect(throws: StoreError.self) {
                try await policies.decide(presetID: id, from: now, mode: .routine, reschedule: true, reason: "区县不能定全市",
                                          actor: try await f.actor(.districtOfficer, at: "D1"), now: now)
            }
            await #expect(throws: FieldErrors.self) {
                try await policies.decide(presetID: id, from: now, mode: .emergency, reschedule: true, reason: "", actor: commander, now: now)
            }
            await #expect(throws: FieldErrors.self) {
                try await policies.decide(presetID: PolicyPreset.respiratoryTemplate.id, from: now, mode: .routine, reschedule: false, reason: "模板",
                                          actor: commander, now: now)
            }
            // Decided now, effective in an hour: nothing moves until then.
            try await policies.decide(presetID: id, from: now + 3_600, mode: .emergency, level: ResponseLevel(2), reschedule: true, reason: "疫情升级",
                                      actor: commander, now: now)
            #expect(f.database.policies.inForce(at: now).id == PolicyPreset.ninthEdition.id)
            #expect(f.database.policies.schedule.mode(at: now + 3_600) == (.emergency, ResponseLevel(2)))
            #expect(try await policies.applyDue(now: now) == 0)
            #expect(try await quarantine.openAssignment(measure, actor: staff, now: now).schedule.end == before.end)

            #expect(try await policies.applyDue(now: now + 3_600) == 1)
            #expect(try await policies.applyDue(now: now + 3_700) == 0, "applied once")
            let after = try await quarantine.openAssignment(measure, actor: staff, now: now + 3_600).schedule
            #expect(after.end == before.end - 2 * day && after.phases.first?.end == now - day + 5 * day)
            #expect(after.tests.filter { $0.phase == 0 }.map(\.day) == [1, 2, 3, 5])
            let codes = try await f.database.read { try await $0.select("SELECT DISTINCT policy_id FROM health_codes", binds: [], types: [.text]) }
            #expect(codes.map { $0[0].text! } == [id])
            let actions = try await f.database.journal(limit: 20).map(\.action)
            #expect(actions.contains("policy.decide") && actions.contains("policy.applied") && actions.contains("quarantine.rescheduled"))
            let decisions = try await policies.decisions(actor: commander)
            #expect(decisions.count == 1 && decisions[0].appliedAt == now + 3_600 && decisions[0].activation.level == ResponseLevel(2))
            // Applied versions are history.
            await #expect(throws: StoreError.self) {
                try await policies.updateVersion(id, name: "改", overrides: [:], actor: commander)
            }
            try await policies.updateVersion(copy, name: "再改二", overrides: ["tracing.lookback_days": "2"], actor: commander)
            #expect(f.database.policies.schedule.presets[copy]?.tracing.lookbackDays == 2)
            // Another process sees the decisions once it reads them again.
            let fresh = PolicyBook()
            #expect(fresh.inForce(at: now + 3_600).id == PolicyPreset.ninthEdition.id)
        }
    }

    @Test(arguments: Backends.all) func aDistrictDecisionCoversOnlyItsPeople(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let now = Self.now
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 6).utf8), actor: op, skipInvalid: false, reason: "seed")
            let d1 = try await f.database.area(code: "D1")!
            let officer = try await f.actor(.districtOfficer, at: "D1")
            let policies = Policies(registry: f.registry)
            await #expect(throws: StoreError.self) {
                try await policies.decide(presetID: PolicyPreset.november2022.id, from: now, district: try await f.database.area(code: "D2")!.id,
                                          mode: .routine, reschedule: false, reason: "不是本区", actor: officer, now: now)
            }
            try await policies.decide(presetID: PolicyPreset.november2022.id, from: now, district: d1.id, mode: .routine, reschedule: false,
                                      reason: "本区先行", actor: officer, now: now)
            let rows = try await f.database.read {
                try await $0.select("SELECT r.district_id, c.policy_id FROM health_codes c JOIN residents r ON r.id = c.resident_id", binds: [], types: [.int, .text])
            }
            #expect(!rows.isEmpty && rows.allSatisfy { $0[0].int == d1.id })
            #expect(Set(rows.map { $0[1].text! }) == [PolicyPreset.november2022.id])
            // A later refresh of everyone keeps each district under its own decision.
            try await HealthCodes(registry: f.registry).refresh(area: try await f.database.cityArea()!, actor: op, now: now + 60)
            let all = try await f.database.read {
                try await $0.select("SELECT r.district_id, c.policy_id FROM health_codes c JOIN residents r ON r.id = c.resident_id", binds: [], types: [.int, .text])
            }
            #expect(all.count == 6)
            for r in all { #expect(r[1].text! == (r[0].int == d1.id ? PolicyPreset.november2022.id : PolicyPreset.ninthEdition.id)) }
            // Placements and designations follow the district of the person or the area.
            let ids = try await f.database.read { try await $0.select("SELECT id, district_id FROM residents ORDER BY id", binds: [], types: [.int, .int]) }
            let inD1 = ids.first { $0[1].int == d1.id }![0].int!, inD2 = ids.first { $0[1].int != d1.id }![0].int!
            let quarantine = Quarantine(registry: f.registry)
            let staff = try await f.actor(.quarantineStaff, at: "C")
            for code in ["M1", "M2"] {
                try await quarantine.createSite(NewQuarantineSite(code: "QS00000\(code.last!)", name: "宾馆\(code)", areaCode: code, address: "", floors: 1, roomsPerFloor: 2),
                                                actor: op, now: now)
            }
            let a1 = try await quarantine.assign(residentID: inD1, tier: .closeContact, actor: op, now: now)
            let a2 = try await quarantine.assign(residentID: inD2, tier: .closeContact, actor: op, now: now)
            #expect(try await quarantine.openAssignment(a1, actor: staff, now: now).schedule.end == now + 8 * day, "5 + 3 under November 2022")
            #expect(try await quarantine.openAssignment(a2, actor: staff, now: now).schedule.end == now + 10 * day, "7 + 3 under the 9th edition")
            let areas = RiskAreas(registry: f.registry)
            await #expect(throws: RiskAreaError.self) {
                try await areas.designate(areaCodes: ["P1"], level: .medium, reason: "D1 无中风险", actor: op, now: now)
            }
            try await areas.designate(areaCodes: ["M2"], level: .medium, reason: "D2 仍有中风险", actor: op, now: now)
        }
    }
}
