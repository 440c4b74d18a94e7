public enum Migrations {
    public static let all: [Migration] = [foundation, screening, screeningDefaults, healthCodes, tracing, familyProxyIndex, quarantine, command, retention]

    /// Places, people, accounts, the journal and the read audit.
    static let foundation = Migration(version: 1, name: "foundation") { ddl in
        [
            """
            CREATE TABLE areas (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL CHECK (length(name) > 0),
                level TEXT NOT NULL CHECK (level IN ('city','district','street','community','grid','compound','building','unit','household')),
                parent_id BIGINT REFERENCES areas(id),
                city_id BIGINT, district_id BIGINT, street_id BIGINT, community_id BIGINT, grid_id BIGINT, compound_id BIGINT, building_id BIGINT, unit_id BIGINT,
                household_id BIGINT,
                created_at BIGINT NOT NULL,
                CHECK ((level = 'city') = (parent_id IS NULL))
            )
            """,
            "CREATE INDEX areas_parent ON areas(parent_id)",
            """
            CREATE TABLE residents (
                \(ddl.id),
                name TEXT NOT NULL CHECK (length(name) > 0),
                id_kind TEXT NOT NULL CHECK (id_kind IN ('resident_card', 'passport')),
                id_number_enc TEXT NOT NULL,
                id_number_hash TEXT NOT NULL UNIQUE,
                id_number_masked TEXT NOT NULL,
                birth_date TEXT NOT NULL,
                sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
                phone_enc TEXT,
                phone_hash TEXT,
                phone_masked TEXT,
                groups TEXT NOT NULL DEFAULT '',
                household_id BIGINT NOT NULL REFERENCES areas(id),
                city_id BIGINT, district_id BIGINT, street_id BIGINT, community_id BIGINT, grid_id BIGINT, compound_id BIGINT, building_id BIGINT, unit_id BIGINT,
                address TEXT NOT NULL,
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX residents_household ON residents(household_id)",
            "CREATE INDEX residents_district ON residents(district_id)",
            "CREATE INDEX residents_street ON residents(street_id)",
            "CREATE INDEX residents_community ON residents(community_id)",
            "CREATE INDEX residents_grid ON residents(grid_id)",
            "CREATE INDEX residents_phone ON residents(phone_hash)",
            "CREATE INDEX residents_name ON residents(name)",
            """
            CREATE TABLE family_proxies (
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                proxy_id BIGINT NOT NULL REFERENCES residents(id),
                relation TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (resident_id, proxy_id),
                CHECK (resident_id <> proxy_id)
            )
            """,
            """
            CREATE TABLE venues (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                category TEXT NOT NULL,
                area_id BIGINT NOT NULL REFERENCES areas(id),
                created_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX venues_area ON venues(area_id)",
            """
            CREATE TABLE venue_visits (
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                venue_id BIGINT NOT NULL REFERENCES venues(id),
                entered_at BIGINT NOT NULL,
                left_at BIGINT NOT NULL,
                CHECK (left_at >= entered_at)
            )
            """,
            "CREATE INDEX venue_visits_venue ON venue_visits(venue_id, entered_at)",
            "CREATE INDEX venue_visits_resident ON venue_visits(resident_id, entered_at)",
            """
            CREATE TABLE sampling_sites (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                area_id BIGINT NOT NULL REFERENCES areas(id),
                desks BIGINT NOT NULL CHECK (desks > 0),
                daily_capacity BIGINT NOT NULL CHECK (daily_capacity > 0),
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE users (
                \(ddl.id),
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('commander','district_officer','epidemiologist','sampler','lab_operator','quarantine_staff','grid_worker','checkpoint_staff','hotline_agent','supply_officer','medical_officer','code_officer','auditor','admin','citizen')),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                language TEXT NOT NULL DEFAULT 'zh-Hans' CHECK (language IN ('zh-Hans', 'en')),
                disabled_at BIGINT,
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES users(id),
                csrf_token TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions(user_id)",
            """
            CREATE TABLE api_tokens (
                \(ddl.id),
                user_id BIGINT NOT NULL REFERENCES users(id),
                name TEXT NOT NULL CHECK (length(name) > 0),
                token_hash TEXT NOT NULL UNIQUE,
                hint TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                last_used_at BIGINT,
                revoked_at BIGINT
            )
            """,
            """
            CREATE TABLE login_failures (
                username TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX login_failures_user ON login_failures(username, at)",
            """
            CREATE TABLE journal (
                \(ddl.id),
                at BIGINT NOT NULL,
                actor_id BIGINT REFERENCES users(id),
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                subject_type TEXT NOT NULL,
                subject_id TEXT NOT NULL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL DEFAULT ''
            )
            """,
            "CREATE INDEX journal_at ON journal(at)",
            """
            CREATE TABLE audit_reads (
                \(ddl.id),
                at BIGINT NOT NULL,
                user_id BIGINT NOT NULL REFERENCES users(id),
                username TEXT NOT NULL,
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                purpose TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_reads_resident ON audit_reads(resident_id, at)",
            "CREATE INDEX audit_reads_user ON audit_reads(username, at)",
            """
            CREATE TABLE settings (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            )
            """,
        ]
    }

    /// Screening rounds, labs, tubes and their members, transport batches, the orders a result sets off.
    static let screening = Migration(version: 2, name: "screening") { ddl in
        [
            """
            CREATE TABLE labs (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                daily_capacity BIGINT NOT NULL CHECK (daily_capacity > 0),
                created_at BIGINT NOT NULL
            )
            """,
            "ALTER TABLE users ADD COLUMN lab_id BIGINT REFERENCES labs(id)",
            """
            CREATE TABLE screening_rounds (
                \(ddl.id),
                name TEXT NOT NULL CHECK (length(name) > 0),
                policy TEXT NOT NULL,
                opens_at BIGINT NOT NULL,
                closes_at BIGINT NOT NULL,
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                CHECK (closes_at > opens_at)
            )
            """,
            """
            CREATE TABLE round_areas (
                round_id BIGINT NOT NULL REFERENCES screening_rounds(id),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                pool BIGINT NOT NULL CHECK (pool IN (1, 5, 10, 20)),
                PRIMARY KEY (round_id, area_id)
            )
            """,
            """
            CREATE TABLE transport_batches (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                lab_id BIGINT NOT NULL REFERENCES labs(id),
                departed_at BIGINT NOT NULL,
                received_at BIGINT
            )
            """,
            """
            CREATE TABLE tubes (
                \(ddl.id),
                barcode TEXT NOT NULL UNIQUE,
                round_id BIGINT REFERENCES screening_rounds(id),
                site_id BIGINT NOT NULL REFERENCES sampling_sites(id),
                capacity BIGINT NOT NULL CHECK (capacity IN (1, 5, 10, 20)),
                purpose TEXT NOT NULL CHECK (purpose IN ('screening', 'fever_clinic', 'patients')),
                status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'in_transport', 'received', 'resulted')),
                members BIGINT NOT NULL DEFAULT 0 CHECK (members >= 0 AND members <= capacity),
                opened_at BIGINT NOT NULL,
                closed_at BIGINT,
                batch_id BIGINT REFERENCES transport_batches(id),
                lab_id BIGINT REFERENCES labs(id),
                received_at BIGINT,
                result TEXT CHECK (result IN ('negative', 'positive', 'invalid')),
                ct TEXT,
                tested_at BIGINT,
                released_at BIGINT,
                CHECK ((result IS NULL) = (status <> 'resulted'))
            )
            """,
            "CREATE INDEX tubes_round ON tubes(round_id, status)",
            "CREATE INDEX tubes_batch ON tubes(batch_id)",
            """
            CREATE TABLE tube_members (
                tube_id BIGINT NOT NULL REFERENCES tubes(id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                round_id BIGINT REFERENCES screening_rounds(id),
                sampled_at BIGINT NOT NULL,
                PRIMARY KEY (tube_id, resident_id)
            )
            """,
            "CREATE INDEX tube_members_resident ON tube_members(resident_id, sampled_at)",
            "CREATE INDEX tube_members_round ON tube_members(round_id, resident_id, tube_id)",
            // The people a round must reach, per community, fixed when it opens (应检尽检 counts who lived there then).
            """
            CREATE TABLE round_population (
                round_id BIGINT NOT NULL REFERENCES screening_rounds(id),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                residents BIGINT NOT NULL CHECK (residents >= 0),
                PRIMARY KEY (round_id, area_id)
            )
            """,
            // People sampled per round and community, kept as swabs arrive, so a city's coverage is a small sum.
            """
            CREATE TABLE round_coverage (
                round_id BIGINT NOT NULL REFERENCES screening_rounds(id),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                sampled BIGINT NOT NULL CHECK (sampled >= 0),
                PRIMARY KEY (round_id, area_id)
            )
            """,
            """
            CREATE TABLE screening_orders (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                action TEXT NOT NULL CHECK (action IN ('temporary_control', 'retest', 'resample', 'case_candidate')),
                tube_id BIGINT NOT NULL REFERENCES tubes(id),
                created_at BIGINT NOT NULL,
                closed_at BIGINT
            )
            """,
            "CREATE INDEX screening_orders_resident ON screening_orders(resident_id, action)",
            "CREATE INDEX screening_orders_open ON screening_orders(closed_at, action)",
            """
            CREATE TABLE sampling_exemptions (
                round_id BIGINT NOT NULL REFERENCES screening_rounds(id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                reason TEXT NOT NULL CHECK (reason IN ('bedridden', 'away', 'positive')),
                created_by TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                PRIMARY KEY (round_id, resident_id)
            )
            """,
        ]
    }


    /// Routine testing and the policy's pooling defaults: residents' occupational groups, what a sampling site serves
    /// and its opening hours, household tubes for sealed areas.
    static let screeningDefaults = Migration(version: 3, name: "screening_defaults") { ddl in
        [
            "ALTER TABLE residents ADD COLUMN work_group TEXT CHECK (work_group IN ('high_risk_post','medical','care_and_schools','public_facing'))",
            "CREATE INDEX residents_work_group ON residents(work_group)",
            "ALTER TABLE sampling_sites ADD COLUMN kind TEXT NOT NULL DEFAULT 'community' CHECK (kind IN ('community','quarantine_site','fever_clinic','hospital','mobile'))",
            // Minutes after local midnight; a site open around the clock runs from 0 to 1440.
            "ALTER TABLE sampling_sites ADD COLUMN opens_minute BIGINT NOT NULL DEFAULT 420 CHECK (opens_minute >= 0 AND opens_minute < 1440)",
            "ALTER TABLE sampling_sites ADD COLUMN closes_minute BIGINT NOT NULL DEFAULT 1320 CHECK (closes_minute > 0 AND closes_minute <= 1440)",
            "ALTER TABLE round_areas ADD COLUMN by_household BIGINT NOT NULL DEFAULT 0 CHECK (by_household IN (0, 1))",
            "ALTER TABLE tubes ADD COLUMN by_household BIGINT NOT NULL DEFAULT 0 CHECK (by_household IN (0, 1))",
            "ALTER TABLE tubes ADD COLUMN household_id BIGINT REFERENCES areas(id)",
            // The last resident id the population snapshot saw: people registered later are outside the round's counts.
            "ALTER TABLE screening_rounds ADD COLUMN snapshot_resident_id BIGINT",
            // A tube changes status three times on its way to a result; an index on status rewrote its entry each time.
            // Rounds are found by id alone, and the tubes still waiting for a result by a partial index whose
            // entries appear when a tube is sealed and go when it is resulted.
            // Pooling a round sets for a work group wherever its people are sampled (key workers in smaller pools).
            """
            CREATE TABLE round_groups (
                round_id BIGINT NOT NULL REFERENCES screening_rounds(id),
                work_group TEXT NOT NULL CHECK (work_group IN ('high_risk_post','medical','care_and_schools','public_facing')),
                pool BIGINT NOT NULL CHECK (pool IN (1, 5, 10, 20)),
                PRIMARY KEY (round_id, work_group)
            )
            """,
            "DROP INDEX tubes_round",
            "CREATE INDEX tubes_round_id ON tubes(round_id)",
            "CREATE INDEX tubes_pending ON tubes(closed_at) WHERE status <> 'resulted'",
        ]
    }
}
