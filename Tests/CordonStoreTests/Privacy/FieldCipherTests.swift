import Crypto
import CordonStore
import Foundation
import Testing

@Suite struct FieldCipherTests {
    /// The fast path must give exactly the HMAC-SHA256 the stored hashes were made with, in Foundation's base64.
    @Test func searchHashesAreHMACSHA256InBase64() throws {
        let master = Data((0..<32).map { UInt8($0) })
        let cipher = try FieldCipher(masterKey: master)
        let searchKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: master), info: Data("cordon field search v1".utf8),
                                               outputByteCount: 32)
        for value in ["", "6", "62", "620102198001010015", "G12345678", "13900000001", String(repeating: "身份", count: 40)] {
            let expected = Data(HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: searchKey)).base64EncodedString()
            #expect(cipher.searchHash(value) == expected)
            #expect(cipher.keys().searchHash(value) == expected)
        }
    }

    /// Someone who copies the database file (the seeds' leaks) finds no ID number and no phone in it, in the main file
    /// or the write-ahead log, while the names the registry keeps in the clear are there to show the search works.
    @Test func idNumbersAndPhonesCannotBeReadFromTheDatabaseFile() async throws {
        try await StoreFixture.with("sqlite") { f in
            let csv = residentsCSV(count: 40)
            _ = try await f.registry.importResidents(csv: Array(csv.utf8), actor: try await f.operatorActor(), skipInvalid: false, reason: "seed")
            var bytes = Data()
            for suffix in ["", "-wal"] {
                if let data = FileManager.default.contents(atPath: f.database.location + suffix) { bytes.append(data) }
            }
            let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(rows.count == 40)
            for row in rows {
                #expect(bytes.range(of: Data(row[1].utf8)) == nil, "ID number \(row[1]) in the file")
                #expect(bytes.range(of: Data(row[2].utf8)) == nil, "phone \(row[2]) in the file")
            }
            #expect(bytes.range(of: Data(rows[0][0].utf8)) != nil)
        }
    }
}
