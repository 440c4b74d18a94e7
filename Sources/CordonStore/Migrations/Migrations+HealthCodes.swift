extension Migrations {
    /// Health codes kept current by the events that change their facts, their history, manual colours that need a
    /// second officer, the keys passes are signed with, and citizens' accounts tied to the person they are.
    static let healthCodes = Migration(version: 4, name: "health_codes") { ddl in
        [
            "ALTER TABLE users ADD COLUMN resident_id BIGINT REFERENCES residents(id)",
            // The code as last assessed; `changes_at` is when the clock alone may change it, so a reader that finds it
            // past assesses again rather than trusting it.
            """
            CREATE TABLE health_codes (
                \(ddl.key("resident_id")) REFERENCES residents(id),
                colour TEXT NOT NULL CHECK (colour IN ('green','yellow','red')),
                reasons TEXT NOT NULL,
                policy_id TEXT NOT NULL,
                assessed_at BIGINT NOT NULL,
                changes_at BIGINT
            )
            """,
            """
            CREATE TABLE code_changes (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                from_colour TEXT CHECK (from_colour IN ('green','yellow','red')),
                to_colour TEXT NOT NULL CHECK (to_colour IN ('green','yellow','red')),
                reasons TEXT NOT NULL,
                at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX code_changes_resident ON code_changes(resident_id, at)",
            // The database itself refuses an officer deciding on their own request (Henan, 2022).
            """
            CREATE TABLE manual_colours (
                \(ddl.id),
                resident_id BIGINT NOT NULL REFERENCES residents(id),
                colour TEXT NOT NULL CHECK (colour IN ('green','yellow','red')),
                reason TEXT NOT NULL CHECK (length(reason) > 0),
                expires_at BIGINT NOT NULL,
                requested_by BIGINT NOT NULL REFERENCES users(id),
                requested_at BIGINT NOT NULL,
                decided_by BIGINT REFERENCES users(id),
                decided_at BIGINT,
                approved BIGINT CHECK (approved IN (0, 1)),
                CHECK (decided_by IS NULL OR decided_by <> requested_by),
                CHECK ((decided_by IS NULL) = (approved IS NULL)),
                CHECK (expires_at > requested_at)
            )
            """,
            "CREATE INDEX manual_colours_resident ON manual_colours(resident_id)",
            "CREATE INDEX manual_colours_requested ON manual_colours(requested_at)",
            // Visits from scanning a venue's code carry how they were made: a rotating code proves presence, a printed
            // daily code only the day.
            "ALTER TABLE venue_visits ADD COLUMN source TEXT NOT NULL DEFAULT 'simulated' CHECK (source IN ('simulated', 'scan', 'printed'))",
            """
            CREATE TABLE checkpoints (
                \(ddl.id),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL CHECK (length(name) > 0),
                area_id BIGINT NOT NULL REFERENCES areas(id),
                kind TEXT NOT NULL CHECK (kind IN ('traffic', 'community', 'venue')),
                created_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE travel_registrations (
                \(ddl.id),
                day TEXT NOT NULL,
                name TEXT NOT NULL CHECK (length(name) > 0),
                id_number_enc TEXT NOT NULL,
                id_number_hash TEXT NOT NULL,
                id_number_masked TEXT NOT NULL,
                phone_enc TEXT NOT NULL,
                phone_masked TEXT NOT NULL,
                plate TEXT NOT NULL,
                origin TEXT NOT NULL,
                remarks TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                UNIQUE (id_number_hash, day)
            )
            """,
            // A passage is recorded only for a pass that verified; the subject is the pass's pseudonym, never a name.
            """
            CREATE TABLE passages (
                \(ddl.id),
                checkpoint_id BIGINT NOT NULL REFERENCES checkpoints(id),
                at BIGINT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                temperature_tenths BIGINT CHECK (temperature_tenths BETWEEN 340 AND 430),
                fever BIGINT NOT NULL CHECK (fever IN (0, 1)),
                colour TEXT NOT NULL CHECK (colour IN ('green','yellow','red')),
                subject TEXT NOT NULL,
                pass_kind TEXT NOT NULL CHECK (pass_kind IN ('phone', 'paper', 'travel')),
                registration_id BIGINT REFERENCES travel_registrations(id),
                recorded_by BIGINT NOT NULL REFERENCES users(id)
            )
            """,
            "CREATE INDEX passages_checkpoint ON passages(checkpoint_id, at)",
            "CREATE INDEX passages_subject ON passages(subject, at)",
            """
            CREATE TABLE signing_keys (
                kid TEXT PRIMARY KEY,
                public_key TEXT NOT NULL,
                private_key_enc TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                retired_at BIGINT
            )
            """,
        ]
    }
}
