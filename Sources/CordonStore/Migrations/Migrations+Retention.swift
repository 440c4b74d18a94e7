extension Migrations {
    /// Movement records are deleted by age; these let the clock find the oldest without reading every row.
    static let retention = Migration(version: 9, name: "retention") { _ in
        [
            "CREATE INDEX venue_visits_entered ON venue_visits(entered_at)",
            "CREATE INDEX passages_at ON passages(at)",
            "CREATE INDEX travel_registrations_day ON travel_registrations(day)",
        ]
    }
}
