import CordonDomain
import CordonStore
import Testing

/// Movement records go when the clock passes the policy's retention, and nothing younger goes with them.
@Suite struct RetentionTests {
    @Test(arguments: Backends.all) func recordsOlderThanThePolicyKeepsThemAreDeletedAsTheClockMoves(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let op = try await f.operatorActor()
            _ = try await f.registry.importResidents(csv: Array(residentsCSV(count: 1).utf8), actor: op, skipInvalid: false, reason: "seed")
            let staff = try await f.actor(.checkpointStaff, at: "C")
            let now = UnixTime.now()
            let days = Int64(f.database.policies.inForce(at: now).tracing.movementRetentionDays)
            #expect(days == 28)
            let day: Int64 = 86_400
            @Sendable func dayText(_ ago: Int64) -> String { CivilDate(unixTime: now - ago * day).description }
            try await f.database.write { s in
                let area = try await s.select("SELECT id FROM areas WHERE code = 'M1'", binds: [], types: [.int])[0][0]
                let resident = try await s.select("SELECT id FROM residents", binds: [], types: [.int])[0][0]
                try await s.insert(into: "venues", columns: ["code", "name", "category", "area_id", "created_at"],
                                   rows: [[.text("V1"), .text("超市"), .text("market"), area, .int(now)]])
                let venue = try await s.select("SELECT id FROM venues", binds: [], types: [.int])[0][0]
                try await s.insert(into: "venue_visits", columns: ["resident_id", "venue_id", "entered_at", "left_at", "source"],
                                   rows: [40, 29, 27, 1].map { ago in [resident, venue, .int(now - ago * day), .int(now - ago * day + 600), .text("scan")] })
                try await s.insert(into: "checkpoints", columns: ["code", "name", "area_id", "kind", "created_at"],
                                   rows: [[.text("K1"), .text("东岗卡口"), area, .text("traffic"), .int(now)]])
                let checkpoint = try await s.select("SELECT id FROM checkpoints", binds: [], types: [.int])[0][0]
                try await s.insert(into: "travel_registrations", columns: [
                    "day", "name", "id_number_enc", "id_number_hash", "id_number_masked", "phone_enc", "phone_masked", "plate", "origin",
                    "remarks", "created_at",
                ], rows: [30, 2].map { ago in
                    [.text(dayText(ago)), .text("旅客"), .text("enc"), .text("hash"), .text("6201**"), .text("enc"), .text("139****0001"),
                     .text("甘A12345"), .text("620102"), .text(""), .int(now - ago * day)]
                })
                let registrations = try await s.select("SELECT id FROM travel_registrations ORDER BY day", binds: [], types: [.int]).map { $0[0] }
                try await s.insert(into: "passages", columns: ["checkpoint_id", "at", "direction", "fever", "colour", "subject", "pass_kind",
                                                              "registration_id", "recorded_by"],
                                   rows: zip([30, 2], registrations).map { ago, registration in
                                       [checkpoint, .int(now - ago * day + 3_600), .text("in"), .int(0), .text("green"), .text("s"), .text("travel"),
                                        registration, .int(staff.userID!)]
                                   })
            }
            func counts() async throws -> [Int64] {
                try await f.database.read { s in
                    try await s.select("""
                        SELECT (SELECT COUNT(*) FROM venue_visits), (SELECT COUNT(*) FROM passages), (SELECT COUNT(*) FROM travel_registrations)
                        """, binds: [], types: [.int, .int, .int])[0].compactMap(\.int)
                }
            }
            let retention = Retention(registry: f.registry)
            let first = try await retention.purge(now: now)
            #expect(first.visits == 2)
            #expect(first.passages == 1)
            #expect(first.registrations == 1)
            #expect(try await counts() == [2, 1, 1])
            #expect(try await retention.purge(now: now).total == 0)

            // Two days later the visit 27 days old has passed 28; the rest is younger.
            #expect(try await retention.purge(now: now + 2 * day).visits == 1)
            #expect(try await counts() == [1, 1, 1])

            let journal = try await f.database.read { s in
                try await s.select("SELECT reason, detail FROM journal WHERE action = 'retention.purge'", binds: [], types: [.text, .text])
            }
            #expect(journal.count >= 2)
            #expect(journal.allSatisfy { $0[0].text == "older than 28 days" })
        }
    }

    /// Retention may not be shorter than any rule looks back.
    @Test func retentionShorterThanALookBackIsRefused() throws {
        #expect(throws: FieldErrors.self) { try PolicyPreset.november2022.editing(["privacy.movement_retention_days": "7"]) }
        let edited = try PolicyPreset.november2022.editing(["privacy.movement_retention_days": "60"])
        #expect(edited.tracing.movementRetentionDays == 60)
    }
}
