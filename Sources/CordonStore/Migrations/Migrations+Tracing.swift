extension Migrations {
    /// Cases and their trajectories, contacts proposed per case and the ledger of confirmed contacts (one row per
    /// person while open, whatever the number of cases that found them), risk points with their visitors to test,
    /// and links between cases for chains and clusters.
    static let tracing = Migration(version: 5, name: "tracing") { ddl in
        [
            """
            CREATE TABLE cases (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                classification TEXT NOT NULL CHECK (classification IN ('confirmed','asymptomatic','suspected')),
                severity TEXT NOT NULL CHECK (severity IN ('none','mild','moderate','severe','critical')),
                onset_date TEXT,
                sampled_at BIGINT NOT NULL,
                reported_at BIGINT NOT NULL,
                found_by TEXT NOT NULL CHECK (found_by IN ('screening','fever_clinic','contact_management','pharmacy','arrival','other')),
                treated_at TEXT NOT NULL,
                isolated_at BIGINT,
                outcome TEXT NOT NULL CHECK (outcome IN ('under_treatment','recovered','died','ruled_out')),
                closed_at BIGINT,
                tube_id BIGINT REFERENCES tubes(id),
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                CHECK (onset_date IS NULL OR classification <> 'asymptomatic'),
                CHECK (sampled_at <= reported_at),
                CHECK ((outcome = 'under_treatment') = (closed_at IS NULL))
            )
            """,
            // A person is at most one open case.
            "CREATE UNIQUE INDEX cases_open_resident ON cases(resident_id) WHERE closed_at IS NULL",
            "CREATE INDEX cases_reported ON cases(reported_at)",
            """
            CREATE TABLE trajectory_entries (
                \(ddl.id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                venue_id BIGINT REFERENCES venues(id),
                place TEXT NOT NULL CHECK (length(place) > 0),
                started_at BIGINT NOT NULL,
                ended_at BIGINT NOT NULL,
                note TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                removed_at BIGINT,
                removed_reason TEXT,
                CHECK (ended_at >= started_at),
                CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
            )
            """,
            "CREATE INDEX trajectory_entries_case ON trajectory_entries(case_id)",
            """
            CREATE TABLE contact_links (
                \(ddl.id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                tier TEXT NOT NULL CHECK (tier IN ('close','secondary')),
                route TEXT NOT NULL CHECK (route IN ('household','venue','interview','manual','imported')),
                venue_id BIGINT REFERENCES venues(id),
                via_resident_id BIGINT REFERENCES residents(id),
                exposed_at BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('proposed', 'confirmed', 'removed')),
                reason TEXT,
                created_at BIGINT NOT NULL,
                decided_by TEXT,
                decided_at BIGINT,
                CHECK (status <> 'removed' OR reason IS NOT NULL),
                CHECK ((tier = 'secondary') = (via_resident_id IS NOT NULL))
            )
            """,
            // Proposing again finds the same people: one link per case, person, tier, route and venue.
            "CREATE UNIQUE INDEX contact_links_key ON contact_links(case_id, resident_id, tier, route, COALESCE(venue_id, 0))",
            "CREATE INDEX contact_links_resident ON contact_links(resident_id)",
            """
            CREATE TABLE contacts (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                tier TEXT NOT NULL CHECK (tier IN ('close','secondary')),
                exposed_at BIGINT NOT NULL,
                confirmed_at BIGINT NOT NULL,
                notified_at BIGINT,
                traced_at BIGINT,
                tested_at BIGINT,
                controlled_at BIGINT,
                closed_at BIGINT,
                CHECK (traced_at IS NULL OR notified_at IS NOT NULL),
                CHECK (tested_at IS NULL OR traced_at IS NOT NULL),
                CHECK (controlled_at IS NULL OR tested_at IS NOT NULL)
            )
            """,
            "CREATE UNIQUE INDEX contacts_open_resident ON contacts(resident_id) WHERE closed_at IS NULL",
            "CREATE INDEX contacts_confirmed ON contacts(confirmed_at)",
            """
            CREATE TABLE risk_points (
                \(ddl.id),
                venue_id BIGINT NOT NULL REFERENCES venues(id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                lifted_at BIGINT,
                CHECK (ends_at >= starts_at)
            )
            """,
            "CREATE UNIQUE INDEX risk_points_key ON risk_points(venue_id, case_id, starts_at)",
            // The measure for a risk point's visitors: a test order, closed by a negative sample after the visit.
            """
            CREATE TABLE risk_point_visits (
                risk_point_id BIGINT NOT NULL REFERENCES risk_points(id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                visited_at BIGINT NOT NULL,
                PRIMARY KEY (risk_point_id, resident_id)
            )
            """,
            "CREATE INDEX risk_point_visits_resident ON risk_point_visits(resident_id)",
            """
            CREATE TABLE case_links (
                from_case_id BIGINT NOT NULL REFERENCES cases(id),
                to_case_id BIGINT NOT NULL REFERENCES cases(id),
                kind TEXT NOT NULL CHECK (kind IN ('contact_of','same_cluster')),
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (from_case_id, to_case_id),
                CHECK (from_case_id <> to_case_id)
            )
            """,
        ]
    }
}
