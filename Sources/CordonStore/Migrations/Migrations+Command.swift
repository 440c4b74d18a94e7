extension Migrations {
    /// The command centre: the city's policy versions and its decisions (a version applied, routine or emergency
    /// declared) from a moment on; directives with their deadlines; the inspectors' findings.
    static let command = Migration(version: 8, name: "command") { ddl in
        [
            """
            CREATE TABLE policy_versions (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL CHECK (length(name) > 0),
                based_on TEXT NOT NULL,
                overrides TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            // A decision names its preset (built-in or a version) by id; the built-in ones live in code.
            """
            CREATE TABLE policy_activations (
                \(ddl.id),
                preset_id TEXT NOT NULL,
                starts_at BIGINT NOT NULL,
                district_id BIGINT REFERENCES areas(id),
                mode TEXT NOT NULL CHECK (mode IN ('routine','emergency')),
                level BIGINT CHECK (level BETWEEN 1 AND 4),
                reschedule BIGINT NOT NULL CHECK (reschedule IN (0, 1)),
                reason TEXT NOT NULL CHECK (length(reason) > 0),
                decided_by TEXT NOT NULL,
                decided_at BIGINT NOT NULL,
                applied_at BIGINT,
                CHECK (mode = 'emergency' OR level IS NULL)
            )
            """,
            "CREATE INDEX policy_activations_pending ON policy_activations(applied_at, starts_at)",
            """
            CREATE TABLE directives (
                \(ddl.id),
                title TEXT NOT NULL CHECK (length(title) > 0),
                body TEXT NOT NULL,
                area_id BIGINT NOT NULL REFERENCES areas(id),
                role TEXT CHECK (role IN ('commander','district_officer','epidemiologist','sampler','lab_operator','quarantine_staff','grid_worker','checkpoint_staff','hotline_agent','supply_officer','medical_officer','code_officer','auditor','admin','citizen')),
                deadline BIGINT NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('issued','acknowledged','completed','withdrawn')),
                issued_by BIGINT REFERENCES users(id),
                issuer TEXT NOT NULL,
                issued_at BIGINT NOT NULL,
                acknowledged_by TEXT,
                acknowledged_at BIGINT,
                closed_by TEXT,
                closed_at BIGINT,
                note TEXT,
                inspection_id BIGINT,
                CHECK (deadline > issued_at),
                CHECK ((status IN ('issued', 'acknowledged')) = (closed_at IS NULL)),
                CHECK (status <> 'completed' OR length(note) > 0)
            )
            """,
            "CREATE INDEX directives_area ON directives(area_id, status)",
            "CREATE INDEX directives_open ON directives(status, deadline)",
            """
            CREATE TABLE inspections (
                \(ddl.id),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                quarantine_site_id BIGINT REFERENCES quarantine_sites(id),
                sampling_site_id BIGINT REFERENCES sampling_sites(id),
                severity TEXT NOT NULL CHECK (severity IN ('minor','major','critical')),
                finding TEXT NOT NULL CHECK (length(finding) > 0),
                photo_type TEXT CHECK (photo_type IN ('image/jpeg', 'image/png')),
                photo TEXT,
                inspector TEXT NOT NULL,
                inspected_at BIGINT NOT NULL,
                CHECK (quarantine_site_id IS NULL OR sampling_site_id IS NULL),
                CHECK ((photo IS NULL) = (photo_type IS NULL))
            )
            """,
            "CREATE INDEX inspections_area ON inspections(area_id, inspected_at)",
        ]
    }
}
