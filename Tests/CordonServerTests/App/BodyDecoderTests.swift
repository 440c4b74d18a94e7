@testable import CordonServer
import CordonDomain
import NIOCore
import Testing

/// Page forms and API bodies decode into the same types and are read as strictly: a form's field names are the JSON
/// keys, an empty field is left out, and what does not decode is refused naming the field.
@Suite struct BodyDecoderTests {
    struct Sample: Decodable, Equatable {
        let venueId: Int64
        let note: String?
        let startedAt: Moment
        let caseIds: Listed<Int64>?
        let tier: ContactTier?
        let parameters: [String: String]?

        static func == (a: Sample, b: Sample) -> Bool {
            (a.venueId, a.note, a.startedAt, a.caseIds?.items, a.tier, a.parameters) == (b.venueId, b.note, b.startedAt, b.caseIds?.items, b.tier, b.parameters)
        }
    }

    @Test func aFormAndAJSONBodySayingTheSameDecodeAlike() throws {
        let json = try BodyDecoder.decodeJSON(Sample.self, from: ByteBuffer(string: """
            {"venue_id": 7, "started_at": 1668061800, "case_ids": [3, 4], "tier": "close", "parameters": {"quarantine.days": "7"}}
            """))
        let form = try BodyDecoder.decodeForm(Sample.self, from:
            "_csrf=x&venue_id=7&note=&started_at=2022-11-10T14%3A30&case_ids=%233%2C+4&tier=close&parameters%5Bquarantine.days%5D=7")
        #expect(json == form)
        #expect(form.note == nil && form.startedAt.unix == 1_668_061_800 && form.caseIds?.items == [3, 4])
    }

    @Test(arguments: [
        ("started_at=2022-11-10T14%3A30", "venue_id", "field.missing"),
        ("venue_id=seven&started_at=2022-11-10T14%3A30", "venue_id", "field.format"),
        ("venue_id=7&started_at=yesterday", "started_at", "field.format"),
        ("venue_id=7&started_at=1&tier=distant", "tier", "field.unknown_value"),
        ("venue_id=7&started_at=1&case_ids=3%2Cfour", "case_ids", "field.format"),
    ])
    func aFieldThatDoesNotDecodeIsNamed(form: String, field: String, key: String) throws {
        do {
            _ = try BodyDecoder.decodeForm(Sample.self, from: form)
            Testing.Issue.record("decoded \(form)")
        } catch let refusal as any Refusal {
            #expect(refusal.status == .badRequest)
            #expect(refusal.faults.map(\.field) == [field] && refusal.faults.map(\.key) == [key])
        }
    }

    @Test func jsonThatIsNotJSONIsRefusedAsSuch() throws {
        #expect(throws: AppError.self) { try BodyDecoder.decodeJSON(Sample.self, from: ByteBuffer(string: "{venue")) }
        do {
            _ = try BodyDecoder.decodeJSON(Sample.self, from: ByteBuffer(string: #"{"venue_id": 1, "started_at": "soon"}"#))
        } catch let refusal as any Refusal {
            #expect(refusal.faults.map(\.field) == ["started_at"])
        }
    }

    @Test func keysTravelBetweenSnakeAndCamelCaseAsJSONDecoderReadsThem() {
        #expect(BodyDecoder.camelCase("follow_up[deadline]") == "followUp[deadline]")
        #expect(BodyDecoder.camelCase("_csrf") == "_csrf")
        #expect(BodyDecoder.camelCase("rooms_per_floor") == "roomsPerFloor")
        #expect(BodyDecoder.snakeCase("roomsPerFloor") == "rooms_per_floor")
    }
}
