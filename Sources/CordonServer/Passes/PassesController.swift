import CordonDomain
import CordonStore
import Hummingbird

/// The trust list (public, so any door can load it), server-side verification for programs and for browsers
/// without WebCrypto, and the verifier page staff open on a phone.
struct PassesController {
    let passes: Passes
    let checkpoints: Checkpoints
    let views: Views

    func addRoutes(public router: Router<AppContext>, pages: RouterGroup<AppContext>, api: RouterGroup<AppContext>) {
        router.get("/api/v1/trust-list", use: trustList)
        api.post("/passes/verify", use: verify)
        pages.get("/verify", use: page)
    }

    struct TrustList: Encodable {
        let issuer: String
        let alg: String
        let keys: [TrustedKey]
    }

    @Sendable func trustList(_ request: Request, context: AppContext) async throws -> Response {
        var response = try JSON.response(TrustList(issuer: passes.issuer, alg: "ES256", keys: try await passes.trustList()))
        // Doors cache it; a minute keeps a rotation's new key reaching them quickly.
        response.headers[.cacheControl] = "public, max-age=60"
        return response
    }

    struct Verdict: Encodable {
        let colour: String
        let maskedName: String
        let expiresAt: Int64
        let kind: String

        /// As `JSON.response` would write it; every door's check ends here.
        var json: JSONText {
            var json = JSONText(capacity: 96)
            json.object { o in
                o.field("colour", colour)
                o.field("expires_at", expiresAt)
                o.field("kind", kind)
                o.field("masked_name", maskedName)
            }
            return json
        }
    }

    /// Venue and checkpoint staff see a colour and a masked name, nothing more.
    @Sendable func verify(_ request: Request, context: AppContext) async throws -> Response {
        _ = try context.requireIdentity(.verifyPasses)
        var request = request
        let bytes = try await request.collectBody(upTo: 1 << 16)
        let body = try VerifyBody.plain(bytes) ?? BodyDecoder.decodeJSON(VerifyBody.self, from: bytes)
        let claims = try await passes.verify(body.pass)
        return Verdict(colour: claims.colour.rawValue, maskedName: claims.maskedName, expiresAt: claims.expiresAt, kind: claims.kind.rawValue)
            .json.response()
    }

    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let identity = try context.requireIdentity(.verifyPasses)
        let l = context.language
        var messages: [VerifyPage.Message] = []
        for (key, name) in [("verify_valid", "valid"), ("verify_until", "until"), ("verify_name", "name"), ("verify_offline_ready", "keys_ready"),
                            ("verify_keys_missing", "keys_missing")] {
            messages.append(VerifyPage.Message(name: name.replacingOccurrences(of: "_", with: "-"), text: views.strings(key, l)))
        }
        for colour in CodeColour.allCases {
            messages.append(VerifyPage.Message(name: "colour-\(colour.rawValue)", text: views.strings("colour_\(colour.rawValue)", l)))
        }
        for code in PassError.Code.allCases {
            let refusal = PassError(code, "")
            messages.append(VerifyPage.Message(name: "pass-" + code.rawValue.replacingOccurrences(of: "_", with: "-"), text: views.strings(refusal.key, l)))
        }
        let points = identity.may(.recordPassages) ? try await checkpoints.checkpoints(actor: identity.actor) : []
        return views.page("verify", VerifyPage(messages: messages, hasCheckpoints: !points.isEmpty,
                                               checkpoints: points.map { VerifyPage.Checkpoint(code: $0.code, name: $0.name) }), context: context)
    }

    /// The verifier: the words its script shows for each verdict, and the checkpoints a passage may be recorded at.
    struct VerifyPage: PageModel {
        let messages: [Message]
        let hasCheckpoints: Bool
        let checkpoints: [Checkpoint]

        struct Message: PageModel {
            let name: String
            let text: String
        }

        struct Checkpoint: PageModel {
            let code: String
            let name: String
        }
    }
}
