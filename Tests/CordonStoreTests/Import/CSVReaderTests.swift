import CordonStore
import Testing

@Suite struct CSVReaderTests {
    @Test func readsQuotesCRLFAndAByteOrderMark() throws {
        let text = "\u{FEFF}a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\nlast,row\r\n"
        let csv = try CSVReader(bytes: Array(text.utf8))
        #expect(csv.header == ["a", "b"])
        #expect(csv.records.map(\.fields) == [["x, y", "say \"hi\""], ["two\nlines", "z"], ["last", "row"]])
        // A record that spans two lines keeps the line it starts on, and the next one counts both.
        #expect(csv.records.map(\.line) == [2, 3, 5])
    }

    @Test func refusesAnUnclosedQuoteNamingItsLine() {
        #expect(throws: ImportIssue(line: 3, field: nil, code: .badQuote)) {
            try CSVReader(bytes: Array("a,b\n1,2\n\"open,3\n".utf8))
        }
    }

    @Test func checksTheHeader() throws {
        let csv = try CSVReader(bytes: Array("name,extra\n".utf8))
        #expect(throws: ImportIssue(line: 1, field: "phone", code: .missingColumn)) { try csv.columns(required: ["name", "phone"], optional: []) }
        #expect(throws: ImportIssue(line: 1, field: "extra", code: .unknownColumn)) { try csv.columns(required: ["name"], optional: []) }
    }

    @Test func writesWhatItReads() throws {
        let fields = ["plain", "with, comma", "with \"quote\"", "=SUM(A1)", "-12"]
        let csv = try CSVReader(bytes: Array(("h1,h2,h3,h4,h5\n" + CSVWriter.line(fields)).utf8))
        // Formula-looking text is defused with an apostrophe; a plain negative number is left alone.
        #expect(csv.records[0].fields == ["plain", "with, comma", "with \"quote\"", "'=SUM(A1)", "-12"])
    }
}
