import CordonDomain

/// RFC 4180 CSV over UTF-8 bytes: quoted fields, doubled quotes, CRLF or LF, a leading byte-order mark.
///
/// Records carry the line on which they start, so an error can name the line a person sees in their editor.
public struct CSVReader: Sendable {
    public struct Record: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let header: [String]
    public let records: [Record]

    public init(bytes: [UInt8]) throws(ImportIssue) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        guard bytes.count > start else { throw ImportIssue(line: nil, field: nil, code: .emptyFile) }
        guard let text = String(validating: bytes[start...], as: UTF8.self) else {
            throw ImportIssue(line: Self.firstInvalidLine(bytes), field: nil, code: .notUTF8)
        }
        var all = try Self.parse(text.utf8)
        all.removeAll { $0.fields.count == 1 && $0.fields[0].isEmpty }
        guard let first = all.first else { throw ImportIssue(line: nil, field: nil, code: .emptyFile) }
        header = first.fields.map { $0.trimmingSpaces() }
        records = Array(all.dropFirst())
    }

    /// The index of each named column, or the first missing one as an issue.
    public func columns(required: [String], optional: [String]) throws(ImportIssue) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        for name in required where index[name] == nil {
            throw ImportIssue(line: 1, field: name, code: .missingColumn)
        }
        for name in header where !required.contains(name) && !optional.contains(name) {
            throw ImportIssue(line: 1, field: name, code: .unknownColumn)
        }
        return index
    }

    private static func parse(_ utf8: String.UTF8View) throws(ImportIssue) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteJustClosed = false
        var iterator = utf8.makeIterator()
        var pending: UInt8? = nil

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        while let byte = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if let next = iterator.next() {
                        if next == UInt8(ascii: "\"") { field.append(byte) } else { inQuotes = false; quoteJustClosed = true; pending = next }
                    } else { inQuotes = false; quoteJustClosed = true }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                endField()
                quoteJustClosed = false
            case UInt8(ascii: "\r"):
                continue
            case UInt8(ascii: "\n"):
                endField()
                records.append(Record(line: recordLine, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                recordLine = line
                quoteJustClosed = false
            case UInt8(ascii: "\"") where field.isEmpty && !quoteJustClosed:
                inQuotes = true
            default:
                if quoteJustClosed { throw ImportIssue(line: line, field: nil, code: .badQuote) }
                field.append(byte)
            }
        }
        if inQuotes { throw ImportIssue(line: recordLine, field: nil, code: .badQuote) }
        if !field.isEmpty || !fields.isEmpty {
            endField()
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }

    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        var lineStart = 0
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") {
            if String(validating: bytes[lineStart..<i], as: UTF8.self) == nil { return line }
            line += 1
            lineStart = i + 1
        }
        return line
    }
}
