import CordonDomain
import CordonStore
import Testing

/// One query resolves a session or an API token to the user and their jurisdiction, on both databases.
@Suite struct SignedInTests {
    @Test func tokenHashesAreLowerCaseHexSHA256() {
        #expect(Secrets.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: Backends.all) func sessionsAndTokensResolveAndDeadOnesDoNot(backend: String) async throws {
        try await StoreFixture.with(backend) { f in
            let officer = try await f.actor(.districtOfficer, at: "D1")
            let session = Secrets.newToken()
            try await f.database.createSession(tokenHash: Secrets.hash(session), userID: officer.userID!, csrfToken: "csrf-1", lifetime: 60)
            let viaCookie = try #require(try await f.database.signedIn(token: session, apiTokens: false))
            #expect(viaCookie.user.username == officer.name)
            #expect(viaCookie.actor.jurisdiction == officer.jurisdiction)
            #expect(viaCookie.csrf == "csrf-1")
            let (_, secret) = try await f.database.createToken(name: "script", actor: officer)
            let viaToken = try #require(try await f.database.signedIn(token: secret, apiTokens: true))
            #expect(viaToken.csrf == nil)
            #expect(viaToken.actor.role == .districtOfficer)
            // An API token is not a cookie, an unknown token is nobody, an expired session is nobody.
            #expect(try await f.database.signedIn(token: secret, apiTokens: false) == nil)
            #expect(try await f.database.signedIn(token: "nope", apiTokens: true) == nil)
            let old = Secrets.newToken()
            try await f.database.createSession(tokenHash: Secrets.hash(old), userID: officer.userID!, csrfToken: "c", lifetime: -1)
            #expect(try await f.database.signedIn(token: old, apiTokens: true) == nil)
        }
    }
}
