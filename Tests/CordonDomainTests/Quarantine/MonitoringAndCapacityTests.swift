import CordonDomain
import Testing

@Suite struct MonitoringAndCapacityTests {
    @Test func aCheckRaisesFeverAtThePolicysLineAndSymptomsWhenAnyAreReported() throws {
        let line = PolicyPreset.november2022.healthCode.feverTenths
        #expect(try MonitoringCheck(temperatureTenths: line - 1, symptoms: []).alerts(feverTenths: line) == [])
        #expect(try MonitoringCheck(temperatureTenths: line, symptoms: []).alerts(feverTenths: line) == [.fever])
        #expect(try MonitoringCheck(temperatureTenths: 366, symptoms: [.cough, .cough]).alerts(feverTenths: line) == [.symptoms])
        #expect(try MonitoringCheck(temperatureTenths: nil, symptoms: [.fatigue]).symptoms == [.fatigue])
    }

    @Test func aCheckRefusesImpossibleTemperaturesUnknownSymptomsAndNothingAtAll() {
        #expect(throws: QuarantineError(.temperatureOutOfRange)) { try MonitoringCheck(temperatureTenths: 339, symptoms: []) }
        #expect(throws: QuarantineError(.temperatureOutOfRange)) { try MonitoringCheck(temperatureTenths: 431, symptoms: []) }
        #expect(throws: QuarantineError(.emptyCheck)) { try MonitoringCheck(temperatureTenths: nil, symptoms: []) }
        #expect(throws: QuarantineError(.unknownSymptom)) { try MonitoringCheck.parseSymptoms("cough;sneezing") }
        #expect(throws: QuarantineError(.temperatureOutOfRange)) { try MonitoringCheck.parseTemperature("36.65") }
        #expect(throws: QuarantineError(.temperatureOutOfRange)) { try MonitoringCheck.parseTemperature("hot") }
    }

    @Test func temperaturesAreReadAsTypedOnAPhone() throws {
        #expect(try MonitoringCheck.parseTemperature("36.6") == 366)
        #expect(try MonitoringCheck.parseTemperature(" 37 ") == 370)
        #expect(try MonitoringCheck.parseTemperature("373") == 373)
        #expect(try MonitoringCheck.parseTemperature("") == nil)
        #expect(try MonitoringCheck.parseSymptoms("cough, sore_throat;") == [.cough, .soreThroat])
    }

    @Test func theForecastHandsRoomsBackAsCentralPhasesEndAndTheWaitingTakeRoomsFirst() {
        let today = CivilDate(year: 2022, month: 11, day: 20)!
        let midnight = { (n: Int) in today.adding(days: n).startUnixTime() }
        // Ten rooms: one stay ends tonight at midnight exactly, one during tomorrow, one in three days; two people wait.
        let forecast = CapacityForecast(rooms: 10, occupiedUntil: [midnight(1), midnight(1) + 3_600, midnight(3) + 60], waiting: 2,
                                        from: today)
        #expect(forecast.days.count == 7)
        #expect(forecast.days.map(\.occupied) == [3, 2, 1, 1, 0, 0, 0])
        #expect(forecast.days.map(\.free) == [5, 6, 7, 7, 8, 8, 8])
        #expect(forecast.days[2].date == today.adding(days: 2))
        // More waiting than rooms shows as a shortfall, not as zero.
        #expect(CapacityForecast(rooms: 1, occupiedUntil: [], waiting: 3, from: today, days: 1).days.map(\.free) == [-2])
        let short = CapacityForecast(rooms: 1, occupiedUntil: [], waiting: 3, from: today, days: 1).days[0]
        #expect(short.available == 0 && short.shortfall == 2)
        #expect(forecast.days[0].available == 5 && forecast.days[0].shortfall == 0)
    }

    @Test func carersComeWithChildrenTheElderlyAndTheDisabledUnderBothPresets() {
        for preset in PolicyPreset.all {
            #expect(preset.quarantine.mayBringCarer([.child]))
            #expect(preset.quarantine.mayBringCarer([.elderly, .livingAlone]))
            #expect(preset.quarantine.mayBringCarer([.disabled]))
            #expect(!preset.quarantine.mayBringCarer([.pregnant]))
            #expect(!preset.quarantine.mayBringCarer([]))
        }
    }
}
