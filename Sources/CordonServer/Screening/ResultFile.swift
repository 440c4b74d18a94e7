import CordonStore
import Foundation

/// A lab's result file: CSV with `barcode,result,ct,tested_at` or the same as a JSON array. `tested_at` is
/// ISO 8601 (`2026-11-23T10:30:00+08:00`) or Unix seconds.
enum ResultFile {
    struct Line: Decodable {
        let barcode: String
        let result: String
        let ct: String?
        let testedAt: String
    }

    static func parseJSON(_ data: Data) throws -> [ResultRow] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let lines: [Line]
        do { lines = try decoder.decode([Line].self, from: data) } catch { throw AppError.badRequest(key: "request.bad_json") }
        return try rows(lines.map { ($0.barcode, $0.result, $0.ct, $0.testedAt) })
    }

    static func parseCSV(_ bytes: [UInt8]) throws -> [ResultRow] {
        let reader: CSVReader
        let index: [String: Int]
        do {
            reader = try CSVReader(bytes: bytes)
            index = try reader.columns(required: ["barcode", "result", "tested_at"], optional: ["ct"])
        } catch { throw ImportFailure(issues: [error]) }
        return try rows(reader.records.map { r in
            func field(_ name: String) -> String { index[name].flatMap { $0 < r.fields.count ? r.fields[$0] : nil } ?? "" }
            let ct = field("ct")
            return (field("barcode"), field("result"), ct.isEmpty ? nil : ct, field("tested_at"))
        })
    }

    private static func rows(_ lines: [(String, String, String?, String)]) throws -> [ResultRow] {
        var issues: [ScreeningIssue] = []
        var rows: [ResultRow] = []
        let iso = ISO8601DateFormatter()
        for (i, line) in lines.enumerated() {
            let time = line.3.trimmingCharacters(in: .whitespaces)
            guard let at = Int64(time) ?? iso.date(from: time).map({ Int64($0.timeIntervalSince1970) }) else {
                issues.append(ScreeningIssue(row: i + 1, barcode: line.0, .badTime))
                continue
            }
            rows.append(ResultRow(barcode: line.0, result: line.1, ct: line.2, testedAt: at))
        }
        guard issues.isEmpty else { throw ScreeningFailure(issues) }
        return rows
    }
}
