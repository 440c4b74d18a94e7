@testable import CordonServer
import Foundation
import Testing

@Suite struct JSONTextTests {
    static let awkward = ["", "和平社区 张*三", "quote\" back\\slash /slash", "line\nbreak\ttab\r\u{1}\u{1f}", "emoji 😷"]

    static func reason(_ n: Int, _ text: String) -> CodeBody.Reason {
        let id: Int64? = n % 2 == 0 ? Int64(n) : nil
        let label: String? = n == 1 ? nil : text
        let since: Int64? = n == 0 ? nil : -Int64(n)
        return CodeBody.Reason(rule: "rule.\(n)", colour: "red", sourceKind: text, sourceId: id, sourceLabel: label,
                               sourceAt: Int64.max - Int64(n), since: since, until: Int64(n) * 1_000, clearance: "get_tested",
                               text: text, howToClear: text + text)
    }

    static func body(_ i: Int, _ text: String) -> CodeBody {
        let name: String? = i == 0 ? nil : text
        let relation: String? = i % 2 == 0 ? nil : text
        let changes: Int64? = i == 3 ? nil : 1_796_180_775
        let pass: String? = i == 4 ? nil : "CDN1:" + text
        let expires: Int64? = i == 4 ? nil : 300
        let reasons: [CodeBody.Reason] = (0..<i).map { reason($0, text) }
        return CodeBody(residentId: Int64(i) - 2, maskedName: name, relation: relation, colour: "yellow", reasons: reasons, policyId: text,
                        assessedAt: 1_796_180_475, changesAt: changes, pass: pass, passExpiresAt: expires)
    }

    static func bodies() -> [CodeBody] { awkward.enumerated().map { body($0.offset, $0.element) } }

    static func parsed(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    /// The hand-written body of the code routes parses to exactly what JSONEncoder would have written.
    @Test func codeBodiesMatchTheEncoder() throws {
        let bodies = Self.bodies()
        var json = JSONText()
        json.object { o in
            o.key("codes")
            o.array(bodies) { a, body in body.write(to: &a) }
        }
        let ours = try Self.parsed(Data(json.bytes))
        let encoders = try Self.parsed(try JSON.encode(["codes": bodies]))
        #expect(ours == encoders)
        #expect((ours["codes"] as? [Any])?.count == bodies.count)
    }

    /// A door's verdict, likewise.
    @Test func verdictsMatchTheEncoder() throws {
        let verdict = PassesController.Verdict(colour: "green", maskedName: "张*三 \"/", expiresAt: 1_796_180_775, kind: "phone")
        #expect(try Self.parsed(Data(verdict.json.bytes)) == (try Self.parsed(try JSON.encode(verdict))))
    }
}
