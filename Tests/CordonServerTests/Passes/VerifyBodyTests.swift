@testable import CordonServer
import Foundation
import Hummingbird
import Testing

@Suite struct VerifyBodyTests {
    static let pass = "CDN1:RRQT 9O60GO0%AVXP1C$AB/F8CKW*+-.:"

    /// Every body the fast reader takes, JSONDecoder reads to the same pass.
    @Test(arguments: [
        #"{"pass":"\#(pass)"}"#,
        #"{"pass":"\#(pass.replacingOccurrences(of: "/", with: "\\/"))"}"#,
        " \n{ \"pass\" :\t\"\(pass)\" }\r\n",
        #"{"pass":""}"#,
    ])
    func plainBodiesReadAsJSONDecoderReadsThem(text: String) throws {
        let body = ByteBuffer(string: text)
        let fast = try #require(VerifyBody.plain(body))
        #expect(fast == (try BodyDecoder.decodeJSON(VerifyBody.self, from: body)))
        #expect(fast.pass == (text.contains("\"\"") ? "" : Self.pass))
    }

    /// Anything else is left to JSONDecoder: escapes, other fields, other alphabets, broken or trailing text.
    @Test(arguments: [
        #"{"pass":"CDN1:\u0041"}"#, #"{"pass":"a lower-case letter"}"#, #"{"pass":"和"}"#, #"{"pass":"X","other":1}"#,
        #"{"other":1,"pass":"X"}"#, #"{"pass":"X"} trailing"#, #"{"pass":"X""#, #"{"pass":"X\"}"#, #"{"pass":X}"#, "", "[]",
    ])
    func anythingElseIsLeftToJSONDecoder(text: String) {
        #expect(VerifyBody.plain(ByteBuffer(string: text)) == nil)
    }
}
