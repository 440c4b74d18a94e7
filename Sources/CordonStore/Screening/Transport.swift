import CordonDomain
import SQLKit

extension Screening {
    /// Packs closed tubes into a batch bound for a lab; the batch leaves now. All tubes or none.
    public func dispatch(batch raw: String, labCode: String, barcodes: [String], actor: Actor) async throws {
        try actor.require(.takeSamples)
        let batch: String
        do { batch = try Barcode.validate(raw) } catch { throw ScreeningFailure([ScreeningIssue(barcode: raw, .malformedBarcode)]) }
        try await database.write { session in
            guard let lab = try await session.sql.raw("SELECT id FROM labs WHERE code = \(bind: labCode)").first()?.decode(column: "id", as: Int64.self)
            else { throw ScreeningFailure([ScreeningIssue(.unknownLab)]) }
            if try await session.sql.raw("SELECT id FROM transport_batches WHERE code = \(bind: batch)").first() != nil {
                throw ScreeningFailure([ScreeningIssue(barcode: batch, .duplicateBarcode)])
            }
            let now = clock.now()
            let batchID = try await session.sql.raw("""
                INSERT INTO transport_batches (code, lab_id, departed_at) VALUES (\(bind: batch), \(bind: lab), \(bind: now)) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            let codes = barcodes.map { (try? Barcode.validate($0)) ?? $0 }
            let unique = Set(codes)
            // Move every closed tube named in one statement; if some were not closed (or not tubes), find out which
            // and refuse the whole batch, the transaction rolling the move back.
            let list = session.list(unique)
            let moved = try await session.execute("""
                UPDATE tubes SET status = 'in_transport', batch_id = ?, lab_id = ? WHERE barcode IN (\(list.sql)) AND status = 'closed' RETURNING id
                """, binds: [.int(batchID), .int(lab), list.bind], returning: [.int]).count
            if moved != unique.count {
                // Those this statement moved now carry this batch; the rest were unknown or not closed.
                var batchOf: [String: Int64] = [:]
                for r in try await session.select("SELECT barcode, batch_id FROM tubes WHERE barcode IN (\(list.sql))", binds: [list.bind],
                                                  types: [.text, .int]) { batchOf[r[0].text!] = r[1].int ?? 0 }
                throw ScreeningFailure(codes.enumerated().compactMap { i, code in
                    guard let batch = batchOf[code] else { return ScreeningIssue(row: i + 1, barcode: code, .unknownTube) }
                    return batch == batchID ? nil : ScreeningIssue(row: i + 1, barcode: code, .tubeNotClosed)
                })
            }
            try await Journal.append(session, actor: actor, action: "batch.dispatch", subjectType: "batch", subjectID: batch,
                                     reason: "to \(labCode)", detail: "\(barcodes.count) tubes")
        }
    }

    /// The lab scans a batch in: every tube in it is received now. Only the lab it was sent to can receive it.
    @discardableResult
    public func receive(batch raw: String, actor: Actor) async throws -> Int {
        try actor.require(.receiveTubes)
        let batch = (try? Barcode.validate(raw)) ?? raw
        return try await database.write { session in
            guard let row = try await session.sql.raw("SELECT id, lab_id, received_at FROM transport_batches WHERE code = \(bind: batch)").first()
            else { throw ScreeningFailure([ScreeningIssue(barcode: batch, .unknownBatch)]) }
            let lab = try row.decode(column: "lab_id", as: Int64.self)
            guard actor.isOperator || lab == actor.labID else {
                throw ScreeningFailure([ScreeningIssue(barcode: batch, .wrongLab)])
            }
            guard try row.decode(column: "received_at", as: Int64?.self) == nil else {
                throw ScreeningFailure([ScreeningIssue(barcode: batch, .alreadyReceived)])
            }
            let id = try row.decode(column: "id", as: Int64.self)
            let now = clock.now()
            try await session.sql.raw("UPDATE transport_batches SET received_at = \(bind: now) WHERE id = \(bind: id)").run()
            let count = try await session.execute("UPDATE tubes SET status = 'received', received_at = ? WHERE batch_id = ? AND status = 'in_transport' RETURNING id",
                                                 binds: [.int(now), .int(id)], returning: [.int]).count
            try await Journal.append(session, actor: actor, action: "batch.receive", subjectType: "batch", subjectID: batch,
                                     reason: "received", detail: "\(count) tubes")
            return count
        }
    }

    /// A batch on its way to a lab, as the lab's page lists it.
    public struct BatchInTransit: Sendable, Hashable, Codable {
        public let code: String
        public let departedAt: Int64
        public let tubes: Int
    }

    /// Batches sent to the actor's lab and not yet scanned in, oldest first.
    public func batchesInTransit(actor: Actor) async throws -> [BatchInTransit] {
        try actor.require(.receiveTubes)
        return try await database.read { session in
            try await session.select("""
                SELECT b.code, b.departed_at, (SELECT COUNT(*) FROM tubes t WHERE t.batch_id = b.id) FROM transport_batches b
                WHERE b.received_at IS NULL AND b.lab_id = ? ORDER BY b.departed_at, b.code LIMIT 200
                """, binds: [.int(actor.labID ?? -1)], types: [.text, .int, .int]).map {
                BatchInTransit(code: $0[0].text!, departedAt: $0[1].int ?? 0, tubes: Int($0[2].int ?? 0))
            }
        }
    }
}
