import CordonDomain
import CordonStore
import Foundation
import Testing

/// The migration history is frozen: past steps hold literal lists, so a database upgraded step by step and one made
/// fresh are the same, and a value added to an enum needs a new step before the database will take it.
@Suite struct MigrationHistoryTests {
    /// Every column whose CHECK lists the values of an enum, with the enum's values as the code has them now.
    static let enumColumns: [(table: String, column: String, values: [String])] = [
        ("areas", "level", values(AreaLevel.self)),
        ("users", "role", values(Role.self)),
        ("directives", "role", values(Role.self)),
        ("residents", "work_group", values(WorkGroup.self)),
        ("round_groups", "work_group", values(WorkGroup.self)),
        ("sampling_sites", "kind", values(SiteKind.self)),
        ("tubes", "status", values(TubeStatus.self)),
        ("tubes", "result", values(TestResult.self)),
        ("tubes", "purpose", values(SamplingPurpose.self)),
        ("screening_orders", "action", values(ReflexAction.self)),
        ("sampling_exemptions", "reason", values(ExemptionReason.self)),
        ("health_codes", "colour", values(CodeColour.self)),
        ("code_changes", "from_colour", values(CodeColour.self)),
        ("code_changes", "to_colour", values(CodeColour.self)),
        ("manual_colours", "colour", values(CodeColour.self)),
        ("passages", "colour", values(CodeColour.self)),
        ("passages", "direction", values(PassageDirection.self)),
        ("passages", "pass_kind", values(PassKind.self)),
        ("cases", "classification", values(CaseClassification.self)),
        ("cases", "severity", values(CaseSeverity.self)),
        ("cases", "found_by", values(CaseDiscovery.self)),
        ("cases", "outcome", values(CaseOutcome.self)),
        ("contacts", "tier", values(ContactTier.self)),
        ("contact_links", "tier", values(ContactTier.self)),
        ("contact_links", "route", values(ContactRoute.self)),
        ("contact_links", "status", values(ContactLink.Status.self)),
        ("case_links", "kind", values(CaseLinkKind.self)),
        ("quarantine_assignments", "tier", values(MeasureTier.self)),
        ("quarantine_phases", "kind", values(QuarantineKind.self)),
        ("quarantine_alerts", "kind", values(AlertKind.self)),
        ("risk_areas", "level", values(AreaRisk.self)),
        ("origins", "risk", values(AreaRisk.self)),
        ("arrivals", "origin_risk", values(AreaRisk.self)),
        ("arrivals", "tier", values(MeasureTier.self)),
        ("arrivals", "transport", values(Transport.self)),
        ("arrivals", "measure", values(ArrivalMeasureKind.self)),
        ("policy_activations", "mode", values(ResponseMode.self)),
        ("directives", "status", values(DirectiveStatus.self)),
        ("inspections", "severity", values(FindingSeverity.self)),
    ]

    static func values<T: CaseIterable & RawRepresentable>(_ type: T.Type) -> [String] where T.RawValue == String {
        T.allCases.map(\.rawValue)
    }

    @Test(arguments: Backends.all) func everyEnumFitsTheCheckOfItsColumn(backend: String) async throws {
        let (database, cleanup) = try await StoreFixture.emptyDatabase(backend)
        do {
            try await database.migrate()
            let schema = try await SchemaDump.read(database)
            let next = Migrations.all.count + 1
            for (table, column, values) in Self.enumColumns {
                let allowed = schema.allowedValues(table: table, column: column)
                #expect(allowed != nil, "\(table).\(column) has no CHECK listing its values")
                let missing = values.filter { !(allowed ?? []).contains($0) }
                #expect(missing.isEmpty, "write migration \(next): \(table).\(column) does not accept \(missing)")
            }
        } catch {
            await cleanup()
            throw error
        }
        await cleanup()
    }

    @Test(arguments: Backends.all) func anUpgradeStepByStepEndsWhereAFreshDatabaseStarts(backend: String) async throws {
        let (upgraded, cleanUpgraded) = try await StoreFixture.emptyDatabase(backend)
        let (fresh, cleanFresh) = try await StoreFixture.emptyDatabase(backend)
        do {
            #expect(try await upgraded.migrate([Migrations.all[0]]) == [1])
            #expect(try await upgraded.migrate() == Array(2...Migrations.all.count))
            #expect(try await upgraded.migrate().isEmpty, "a second run applies nothing")
            try await fresh.migrate()
            let (a, b) = (try await SchemaDump.read(upgraded), try await SchemaDump.read(fresh))
            #expect(!a.lines.isEmpty)
            for line in Set(a.lines).symmetricDifference(b.lines).sorted() {
                Issue.record("the upgraded and the fresh schema differ: \(line)")
            }
        } catch {
            await cleanUpgraded()
            await cleanFresh()
            throw error
        }
        await cleanUpgraded()
        await cleanFresh()
    }
}

/// The schema as each database describes it, one line per table, column, index and constraint.
struct SchemaDump {
    let kind: Database.Kind
    let lines: [String]

    static func read(_ database: Database) async throws -> SchemaDump {
        let lines = try await database.read { session -> [String] in
            let queries: [String]
            switch session.kind {
            case .sqlite:
                queries = ["SELECT type || ' ' || name || ' on ' || tbl_name || ': ' || sql FROM sqlite_master WHERE sql IS NOT NULL"]
            case .postgres:
                queries = [
                    """
                    SELECT 'column ' || table_name::text || '.' || column_name::text || ' ' || data_type::text || ' ' || is_nullable::text
                        || ' ' || COALESCE(column_default::text, '') FROM information_schema.columns WHERE table_schema = 'public'
                    """,
                    "SELECT 'index ' || tablename::text || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'",
                    """
                    SELECT 'constraint ' || t.relname::text || ': ' || pg_get_constraintdef(c.oid) FROM pg_constraint c
                    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public'
                    """,
                ]
            }
            var lines: [String] = []
            for query in queries {
                lines += try await session.select(query, binds: [], types: [.text]).compactMap { $0[0].text }
            }
            return lines.sorted()
        }
        return SchemaDump(kind: database.kind, lines: lines)
    }

    /// The quoted values of `column IN (…)` (SQLite keeps the statement as written) or `column = ANY (ARRAY[…])`
    /// (PostgreSQL's own spelling of the same CHECK) in `table`'s definition; where several CHECKs name the column
    /// (a status and the timestamps it implies), the longest list is the one that says what the column takes.
    func allowedValues(table: String, column: String) -> [String]? {
        let pattern = kind == .sqlite ? "\\b\(column) IN \\(([^)]*)\\)" : "\\(\(column) = ANY \\(ARRAY\\[([^\\]]*)\\]"
        let prefix = kind == .sqlite ? "table \(table) on \(table): " : "constraint \(table): "
        let regex = try! NSRegularExpression(pattern: pattern)
        let quoted = try! NSRegularExpression(pattern: "'([^']*)'")
        var lists: [[String]] = []
        for line in lines where line.hasPrefix(prefix) {
            for match in regex.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                guard let inner = Range(match.range(at: 1), in: line) else { continue }
                let list = String(line[inner])
                lists.append(quoted.matches(in: list, range: NSRange(list.startIndex..., in: list)).compactMap {
                    Range($0.range(at: 1), in: list).map { String(list[$0]) }
                })
            }
        }
        return lists.max { $0.count < $1.count }
    }
}
