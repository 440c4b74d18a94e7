import CordonDomain
import Testing

@Suite struct PolicyParameterTests {
    @Test func everyParameterReadsBackWhatItWasSetTo() throws {
        for preset in PolicyPreset.catalogue {
            for parameter in PolicyParameter.all(of: preset) {
                #expect(PolicyParameter(key: parameter.key) == parameter, "\(parameter.key)")
                let value = try #require(parameter.value(in: preset))
                var copy = preset
                try parameter.set(value, in: &copy)
                #expect(copy == preset, "\(parameter.key) = \(value) changed the preset")
            }
        }
    }

    @Test func aCopyChangesOnlyWhatItSays() throws {
        let edited = try PolicyPreset.ninthEdition.editing(["quarantine.close_contact.1.days": "5", "quarantine.close_contact.1.test_days": "1, 2, 3, 5",
                                                           "health_code.fever_line": "37.5", "tracing.serial_interval_mean": "4.1"])
        #expect(edited.quarantine.measures[.closeContact]?[0] == QuarantinePhase(kind: .central, days: 5, testDays: [1, 2, 3, 5]))
        #expect(edited.healthCode.feverTenths == 375 && edited.tracing.serialIntervalMeanDays == 4.1)
        let changed = edited.differences(from: .ninthEdition).map(\.parameter.key)
        #expect(changed == ["tracing.serial_interval_mean", "health_code.fever_line", "quarantine.close_contact.1.days", "quarantine.close_contact.1.test_days"])
        #expect(PolicyPreset.ninthEdition.differences(from: .ninthEdition).isEmpty)
    }

    @Test func everyBadValueIsNamedAtOnce() {
        #expect {
            try PolicyPreset.ninthEdition.editing(["quarantine.close_contact.1.days": "0", "tracing.lookback_days": "four", "no.such": "1",
                                                  "screening.default_pool": "7", "quarantine.arrival.1.test_days": "3,2"])
        } throws: { error in
            let fields = (error as? FieldErrors)?.errors.map { "\($0.field) \($0.code.rawValue)" } ?? []
            return Set(fields) == ["quarantine.close_contact.1.days out_of_range", "tracing.lookback_days format", "no.such unknown_value",
                                   "screening.default_pool not_in_policy", "quarantine.arrival.1.test_days format"]
        }
    }

    @Test func testDaysMustFallInsideTheirPhase() {
        #expect {
            try PolicyPreset.ninthEdition.editing(["quarantine.close_contact.1.days": "3"])
        } throws: { error in
            (error as? FieldErrors)?.errors == [FieldError(field: "quarantine.close_contact.1.test_days", code: .outOfRange)]
        }
        // A tier or phase the preset lacks is not a value to set: November 2022 has no secondary contacts.
        #expect(throws: FieldErrors.self) { try PolicyPreset.november2022.editing(["quarantine.secondary_contact.1.days": "7"]) }
    }

    @Test func theTemplateIsNeverInForceByDate() {
        #expect(PolicyPreset.respiratoryTemplate.isTemplate)
        #expect(PolicyPreset.inForce(on: CivilDate(year: 2026, month: 12, day: 1)!).id == PolicyPreset.november2022.id)
        #expect(PolicyPreset.respiratoryTemplate.validate().isEmpty && PolicyPreset.ninthEdition.validate().isEmpty)
    }
}

@Suite struct PolicyScheduleTests {
    let city = PolicyActivation(id: 1, from: 1_000, presetID: PolicyPreset.ninthEdition.id, mode: .emergency, level: ResponseLevel(2), districtID: nil)

    @Test func withoutDecisionsThePresetsFollowTheirDates() {
        let schedule = PolicySchedule()
        #expect(schedule.inForce(at: CivilDate(year: 2022, month: 8, day: 1)!.startUnixTime()).id == PolicyPreset.ninthEdition.id)
        #expect(schedule.mode(at: 0) == (.routine, nil))
    }

    @Test func theLatestDecisionCoveringThePlaceApplies() {
        let district = PolicyActivation(id: 2, from: 2_000, presetID: PolicyPreset.november2022.id, mode: .routine, level: nil, districtID: 7)
        let later = PolicyActivation(id: 3, from: 3_000, presetID: PolicyPreset.november2022.id, mode: .routine, level: nil, districtID: nil)
        let schedule = PolicySchedule(activations: [later, district, city])
        #expect(schedule.inForce(at: 999).id == PolicyPreset.ninthEdition.id && schedule.activation(at: 999) == nil, "before any decision, by date")
        #expect(schedule.inForce(at: 1_000).id == PolicyPreset.ninthEdition.id && schedule.mode(at: 1_500) == (.emergency, ResponseLevel(2)))
        #expect(schedule.inForce(at: 2_500, district: 7).id == PolicyPreset.november2022.id)
        #expect(schedule.inForce(at: 2_500, district: 8).id == PolicyPreset.ninthEdition.id && schedule.inForce(at: 2_500).id == PolicyPreset.ninthEdition.id)
        #expect(schedule.mode(at: 3_000, district: 8) == (.routine, nil))
    }

    @Test func aDecisionNamingAnUnknownPresetIsIgnored() {
        let unknown = PolicyActivation(id: 9, from: 5, presetID: "gone", mode: .routine, level: nil, districtID: nil)
        #expect(PolicySchedule(activations: [unknown]).activations.isEmpty)
        let version = try! PolicyPreset.ninthEdition.editing(["tracing.lookback_days": "5"])
        var named = version
        named.id = "city-1"
        let schedule = PolicySchedule(versions: [named], activations: [PolicyActivation(id: 1, from: 0, presetID: "city-1", mode: .routine, level: nil, districtID: nil)])
        #expect(schedule.inForce(at: 10).tracing.lookbackDays == 5)
    }
}
