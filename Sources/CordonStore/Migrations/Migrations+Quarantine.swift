extension Migrations {
    /// Quarantine sites and rooms, each person's measure with its schedule as fixed when they were placed, room stays
    /// (one open stay per room: 单人单间, held by the database), daily checks and alerts; risk-area designations with
    /// the cases behind them and the visitors they ask to test; the risk of places travellers come from, arrivals and
    /// the tests they owe.
    static let quarantine = Migration(version: 7, name: "quarantine_areas_arrivals") { ddl in
        [
            // Designations are drawn at compounds (9th edition) and buildings (November 2022); their residents are
            // read by these columns on every designation, step-down and code refresh.
            "CREATE INDEX residents_compound ON residents(compound_id)",
            "CREATE INDEX residents_building ON residents(building_id)",
            // A venue's visitors are read by time (a designation's visitors, a risk point's, co-presence): with the
            // person and the leaving time in the index, the scan never reads the table.
            "CREATE INDEX venue_visits_venue_cover ON venue_visits(venue_id, entered_at, resident_id, left_at)",
            "DROP INDEX venue_visits_venue",
            // Codes that are not green are few: the dashboard counts them, and everyone else is green.
            "CREATE INDEX health_codes_not_green ON health_codes(colour) WHERE colour <> 'green'",
            """
            CREATE TABLE quarantine_sites (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL CHECK (length(name) > 0),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                address TEXT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
                sampling_site_id BIGINT REFERENCES sampling_sites(id),
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE quarantine_rooms (
                \(ddl.id),
                site_id BIGINT NOT NULL REFERENCES quarantine_sites(id),
                floor BIGINT NOT NULL CHECK (floor BETWEEN -5 AND 200),
                number TEXT NOT NULL CHECK (length(number) > 0),
                beds BIGINT NOT NULL CHECK (beds IN (1, 2)),
                in_service BIGINT NOT NULL DEFAULT 1 CHECK (in_service IN (0, 1)),
                UNIQUE (site_id, number)
            )
            """,
            """
            CREATE TABLE quarantine_assignments (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                tier TEXT NOT NULL CHECK (tier IN ('close_contact','secondary_contact','arrival','high_risk_visitor','medium_risk_visitor')),
                policy_id TEXT NOT NULL,
                contact_id BIGINT REFERENCES contacts(id),
                arrival_id BIGINT,
                starts_at BIGINT NOT NULL,
                central_until BIGINT,
                ends_at BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('active', 'released', 'hospital')),
                ended_at BIGINT,
                end_kind TEXT CHECK (end_kind IN ('completed', 'early', 'hospital')),
                end_reason TEXT,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                CHECK (ends_at > starts_at),
                CHECK ((status = 'active') = (ended_at IS NULL)),
                CHECK ((ended_at IS NULL) = (end_kind IS NULL)),
                CHECK (end_kind IS NULL OR end_kind = 'completed' OR end_reason IS NOT NULL)
            )
            """,
            // A person is under at most one measure at a time.
            "CREATE UNIQUE INDEX quarantine_assignments_active ON quarantine_assignments(resident_id) WHERE status = 'active'",
            "CREATE INDEX quarantine_assignments_ends ON quarantine_assignments(status, ends_at)",
            """
            CREATE TABLE quarantine_phases (
                assignment_id BIGINT NOT NULL REFERENCES quarantine_assignments(id),
                idx BIGINT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('central','home','monitoring')),
                starts_at BIGINT NOT NULL,
                ends_at BIGINT NOT NULL,
                PRIMARY KEY (assignment_id, idx),
                CHECK (ends_at > starts_at)
            )
            """,
            """
            CREATE TABLE quarantine_tests (
                assignment_id BIGINT NOT NULL REFERENCES quarantine_assignments(id),
                idx BIGINT NOT NULL,
                phase BIGINT NOT NULL,
                day BIGINT NOT NULL CHECK (day > 0),
                due_from BIGINT NOT NULL,
                due_by BIGINT NOT NULL,
                PRIMARY KEY (assignment_id, idx),
                CHECK (due_by > due_from)
            )
            """,
            "CREATE INDEX quarantine_tests_due ON quarantine_tests(due_from)",
            // One open stay per room and per person; a carer shares the stay of the one they look after.
            """
            CREATE TABLE room_stays (
                \(ddl.id),
                assignment_id BIGINT NOT NULL REFERENCES quarantine_assignments(id),
                room_id BIGINT NOT NULL REFERENCES quarantine_rooms(id),
                carer_resident_id BIGINT REFERENCES residents(id),
                started_at BIGINT NOT NULL,
                planned_until BIGINT NOT NULL,
                ended_at BIGINT,
                end_reason TEXT CHECK (end_reason IN ('phase_ended', 'transfer', 'hospital', 'released')),
                CHECK ((ended_at IS NULL) = (end_reason IS NULL))
            )
            """,
            "CREATE UNIQUE INDEX room_stays_open_room ON room_stays(room_id) WHERE ended_at IS NULL",
            "CREATE UNIQUE INDEX room_stays_open_assignment ON room_stays(assignment_id) WHERE ended_at IS NULL",
            "CREATE INDEX room_stays_planned ON room_stays(planned_until) WHERE ended_at IS NULL",
            """
            CREATE TABLE quarantine_checks (
                \(ddl.id),
                assignment_id BIGINT NOT NULL REFERENCES quarantine_assignments(id),
                at BIGINT NOT NULL,
                temperature_tenths BIGINT CHECK (temperature_tenths BETWEEN 340 AND 430),
                symptoms TEXT NOT NULL,
                by_self BIGINT NOT NULL CHECK (by_self IN (0, 1)),
                recorded_by TEXT NOT NULL,
                CHECK (temperature_tenths IS NOT NULL OR length(symptoms) > 0)
            )
            """,
            "CREATE INDEX quarantine_checks_assignment ON quarantine_checks(assignment_id, at)",
            """
            CREATE TABLE quarantine_alerts (
                \(ddl.id),
                assignment_id BIGINT NOT NULL REFERENCES quarantine_assignments(id),
                kind TEXT NOT NULL CHECK (kind IN ('fever','symptoms','positive')),
                at BIGINT NOT NULL,
                detail TEXT NOT NULL,
                resolved_at BIGINT,
                resolved_by TEXT,
                resolution TEXT,
                CHECK ((resolved_at IS NULL) = (resolution IS NULL))
            )
            """,
            "CREATE INDEX quarantine_alerts_open ON quarantine_alerts(assignment_id) WHERE resolved_at IS NULL",
            """
            CREATE TABLE risk_areas (
                \(ddl.id),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                level TEXT NOT NULL CHECK (level IN ('low','medium','high')),
                since BIGINT NOT NULL,
                stepped_down BIGINT NOT NULL CHECK (stepped_down IN (0, 1)),
                previous_id BIGINT REFERENCES risk_areas(id),
                reason TEXT NOT NULL,
                policy_id TEXT NOT NULL,
                created_by TEXT NOT NULL,
                ended_at BIGINT,
                end_kind TEXT CHECK (end_kind IN ('stepped_down', 'lifted')),
                end_reason TEXT,
                ended_by TEXT,
                CHECK ((ended_at IS NULL) = (end_kind IS NULL))
            )
            """,
            // An area carries one designation at a time; a step-down ends it and opens the next level's.
            "CREATE UNIQUE INDEX risk_areas_open ON risk_areas(area_id) WHERE ended_at IS NULL",
            """
            CREATE TABLE risk_area_cases (
                risk_area_id BIGINT NOT NULL REFERENCES risk_areas(id),
                case_id BIGINT NOT NULL REFERENCES cases(id),
                PRIMARY KEY (risk_area_id, case_id)
            )
            """,
            """
            CREATE TABLE risk_area_visits (
                risk_area_id BIGINT NOT NULL REFERENCES risk_areas(id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                visited_at BIGINT NOT NULL,
                PRIMARY KEY (risk_area_id, resident_id)
            )
            """,
            "CREATE INDEX risk_area_visits_resident ON risk_area_visits(resident_id)",
            // Places outside the city travellers arrive from (GB/T 2260 county codes) and their current risk level.
            """
            CREATE TABLE origins (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) > 0),
                risk TEXT CHECK (risk IN ('low','medium','high')),
                updated_by TEXT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE arrivals (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                origin_code TEXT NOT NULL REFERENCES origins(code),
                origin_risk TEXT CHECK (origin_risk IN ('low','medium','high')),
                transport TEXT NOT NULL CHECK (transport IN ('car','train','plane','coach','other')),
                trip_number TEXT NOT NULL,
                arrived_on TEXT NOT NULL,
                arrived_at BIGINT NOT NULL,
                address TEXT NOT NULL,
                measure TEXT NOT NULL CHECK (measure IN ('none', 'tests', 'quarantine')),
                tier TEXT CHECK (tier IN ('close_contact','secondary_contact','arrival','high_risk_visitor','medium_risk_visitor')),
                policy_id TEXT NOT NULL,
                reported_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (resident_id, arrived_on),
                CHECK ((measure = 'quarantine') = (tier IS NOT NULL))
            )
            """,
            "CREATE INDEX arrivals_arrived ON arrivals(arrived_at)",
            """
            CREATE TABLE arrival_tests (
                arrival_id BIGINT NOT NULL REFERENCES arrivals(id),
                day BIGINT NOT NULL CHECK (day > 0),
                due_from BIGINT NOT NULL,
                due_by BIGINT NOT NULL,
                PRIMARY KEY (arrival_id, day)
            )
            """,
        ]
    }
}
