import CordonDomain

/// Residents: stored with their identifiers encrypted, read back masked or in full as the actor's role allows,
/// and every look at one person written to the audit log.
public struct Registry: Sendable {
    public let database: Database
    var clock: Clock { database.clock }
    let cipher: FieldCipher

    public init(database: Database, cipher: FieldCipher) {
        self.database = database
        self.cipher = cipher
    }
}
