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
}
