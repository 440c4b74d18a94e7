import CordonDomain
import SQLKit

extension Screening {
    /// Packs closed tubes into a batch bound for a lab; the batch leaves now. All tubes or none.
    public func dispatch(batch raw: String, labCode: String, barcodes: [String], actor: Actor) async throws {
        try Self.require(actor, actor.role == .sampler, "dispatch tubes")
        let batch: String
        do { batch = try Barcode.validate(raw) } catch { throw ScreeningFailure([ScreeningIssue(barcode: raw, .malformedBarcode)]) }
        try await database.write { session in
            guard let lab = try await session.sql.raw("SELECT id FROM labs WHERE code = \(bind: labCode)").first()?.decode(column: "id", as: Int64.self)
            else { throw ScreeningFailure([ScreeningIssue(.unknownLab)]) }
            if try await session.sql.raw("SELECT id FROM transport_batches WHERE code = \(bind: batch)").first() != nil {
                throw ScreeningFailure([ScreeningIssue(barcode: batch, .duplicateBarcode)])
            }
            let now = UnixTime.now()
            let batchID = try await session.sql.raw("""
                INSERT INTO transport_batches (code, lab_id, departed_at) VALUES (\(bind: batch), \(bind: lab), \(bind: now)) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            var issues: [ScreeningIssue] = []
            let codes = barcodes.map { (try? Barcode.validate($0)) ?? $0 }
            var status: [String: String] = [:]
            for chunk in Array(Set(codes)).chunked(500) {
                for r in try await session.select("SELECT barcode, status FROM tubes WHERE barcode IN (\(Session.placeholders(chunk.count)))",
                                                  binds: chunk.map { .text($0) }, types: [.text, .text]) { status[r[0].text!] = r[1].text! }
            }
            for (i, code) in codes.enumerated() {
                if status[code] == nil {
                    issues.append(ScreeningIssue(row: i + 1, barcode: code, .unknownTube))
                } else if status[code] != TubeStatus.closed.rawValue {
                    issues.append(ScreeningIssue(row: i + 1, barcode: code, .tubeNotClosed))
                }
            }
            guard issues.isEmpty else { throw ScreeningFailure(issues) }
            for chunk in codes.chunked(500) {
                try await session.select("""
                    UPDATE tubes SET status = 'in_transport', batch_id = ?, lab_id = ? WHERE barcode IN (\(Session.placeholders(chunk.count))) RETURNING id
                    """, binds: [.int(batchID), .int(lab)] + chunk.map { .text($0) }, types: [.int])
            }
            try await Journal.append(session.sql, actor: actor, action: "batch.dispatch", subjectType: "batch", subjectID: batch,
                                     reason: "to \(labCode)", detail: "\(barcodes.count) tubes")
        }
    }

    /// The lab scans a batch in: every tube in it is received now. Only the lab it was sent to can receive it.
    @discardableResult
    public func receive(batch raw: String, actor: Actor) async throws -> Int {
        try Self.require(actor, actor.role == .labOperator, "receive tubes")
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
            let now = UnixTime.now()
            try await session.sql.raw("UPDATE transport_batches SET received_at = \(bind: now) WHERE id = \(bind: id)").run()
            let count = try await session.sql.raw("""
                UPDATE tubes SET status = 'received', received_at = \(bind: now) WHERE batch_id = \(bind: id) AND status = 'in_transport' RETURNING id
                """).all().count
            try await Journal.append(session.sql, actor: actor, action: "batch.receive", subjectType: "batch", subjectID: batch,
                                     reason: "received", detail: "\(count) tubes")
            return count
        }
    }
}
