extension PolicyPreset {
    /// A template for another respiratory disease spread by close contact, with an influenza-like course (shorter
    /// incubation, serial interval about 2.6 days, sd 1.5): contacts are traced two days back and kept at home five
    /// days with two tests, high-risk areas only, and arrivals owe nothing. Its numbers are a starting point for the
    /// health commission's own, which a version sets; it is never in force by date.
    public static let respiratoryTemplate = PolicyPreset(
        id: "template-respiratory", name: "Template: another respiratory disease",
        effectiveFrom: CivilDate(year: 2026, month: 1, day: 1)!,
        screening: ScreeningPolicy(
            allowedPools: [1, 5, 10, 20], defaultPool: 10, poolBySiteKind: singleTubeSites, retestPool: 1,
            sealedAreaOneTubePerHousehold: true, validityHours: 72, turnaroundHours: turnaround,
            routine: RoutineTestingPolicy(intervalHoursByGroup: [.medical: 72, .careAndSchools: 72],
                                          intervalHoursByAreaRisk: [.high: 48], everyoneHours: nil, reminderHours: 12)),
        healthCode: HealthCodePolicy(
            colours: [.confirmedCase: .red, .asymptomaticCase: .red, .suspectedCase: .red, .closeContact: .yellow,
                      .centralQuarantine: .red, .homeQuarantine: .yellow, .homeMonitoring: .yellow, .temporaryControl: .yellow,
                      .highRiskArea: .red, .riskPointVisit: .yellow, .riskAreaVisit: .yellow, .routineOverdue: .yellow,
                      .arrivalTestMissed: .yellow],
            pharmacyTestHours: nil, passLifetimeSeconds: 300, paperPassDays: 7, manualColourMaxHours: 168,
            venueCodes: venueCodes, feverTenths: 375),
        tracing: TracingPolicy(lookbackDays: 2, coPresenceMarginMinutes: 30, longestVisitHours: 24, secondaryContacts: false,
                               closeRangeVenueCategories: closeRangeVenues, ledgerHours: ledgerHours, riskPointMarginMinutes: 60,
                               riskPointPublishDays: 7, serialIntervalMeanDays: 2.6, serialIntervalSDDays: 1.5,
                               movementRetentionDays: 14),
        quarantine: QuarantinePolicy(measures: [
            .closeContact: [QuarantinePhase(kind: .home, days: 5, testDays: [1, 5])],
            .highRiskVisitor: [QuarantinePhase(kind: .home, days: 5, testDays: [1, 5])],
        ], checksPerDay: 2, carerGroups: carerGroups),
        riskAreas: RiskAreaPolicy(levels: [.high, .low], unit: .building, stepDown: [.high: .init(to: .low, days: 5)],
                                  visitorLookbackDays: 7),
        arrivals: ArrivalPolicy(byOriginRisk: [:], otherwise: nil))
}
