/// What a pass says, as a CBOR Web Token (RFC 8392): who issued it, for whom (a pseudonym, never an ID number), when,
/// until when, and what a door needs to see: the colour and a masked name.
public struct PassClaims: Sendable, Hashable, Codable {
    public let issuer: String
    /// A keyed pseudonym of the person, stable across passes so a checkpoint can count passages without a name.
    public let subject: String
    public let issuedAt: Int64
    public let expiresAt: Int64
    public let colour: CodeColour
    public let maskedName: String
    public let kind: PassKind

    public init(issuer: String, subject: String, issuedAt: Int64, expiresAt: Int64, colour: CodeColour, maskedName: String, kind: PassKind) {
        self.issuer = issuer
        self.subject = subject
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.colour = colour
        self.maskedName = maskedName
        self.kind = kind
    }

    /// Our claims sit under one private key, as the EU certificate keeps its own under -260.
    static let privateClaim: CBOR = .int(-70_001)

    public func cbor() -> CBOR {
        .map([
            .init(.unsigned(1), .text(issuer)),
            .init(.unsigned(2), .text(subject)),
            .init(.unsigned(4), .int(expiresAt)),
            .init(.unsigned(6), .int(issuedAt)),
            .init(Self.privateClaim, .map([
                .init(.text("c"), .text(colour.rawValue)),
                .init(.text("n"), .text(maskedName)),
                .init(.text("k"), .text(kind.rawValue)),
            ])),
        ])
    }

    public init(cbor: CBOR) throws(PassError) {
        guard case .text(let issuer)? = cbor[.unsigned(1)], case .text(let subject)? = cbor[.unsigned(2)],
              let expires = cbor[.unsigned(4)]?.int, let issued = cbor[.unsigned(6)]?.int,
              let own = cbor[Self.privateClaim], case .text(let colour)? = own[.text("c")],
              let parsedColour = CodeColour(rawValue: colour), case .text(let name)? = own[.text("n")],
              case .text(let kind)? = own[.text("k")], let parsedKind = PassKind(rawValue: kind)
        else { throw PassError(.malformed, "the pass lacks a claim it must carry") }
        self.init(issuer: issuer, subject: subject, issuedAt: issued, expiresAt: expires, colour: parsedColour,
                  maskedName: name, kind: parsedKind)
    }
}

public enum PassKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Shown on the person's phone; lives minutes.
    case phone
    /// Printed for people without phones; lives days, and only a green code is printed.
    case paper
    /// A traveller's one-scan registration at traffic checkpoints (一码通行): good until the end of its day.
    case travel
}
