import Configuration
import CordonStore
import Foundation

/// Configuration, read once at the entry point from the environment (`CORDON_DATABASE_URL`, `CORDON_DATA_KEY`,
/// `CORDON_METRICS_TOKEN`, `CORDON_BCRYPT_COST`, `CORDON_SECURE_COOKIES`, `CORDON_PUBLIC_BASE_URL`,
/// `CORDON_SESSION_HOURS`) and overridden by command-line flags.
struct Settings {
    var databaseURL: String?
    var dataKey: String?
    var metricsToken: String?
    var bcryptCost: UInt8
    /// Behind TLS: every cookie carries `Secure`, so a browser never sends a session over plain HTTP.
    var secureCookies = false
    /// The address phones open from printed and shown codes, e.g. `https://cordon.example.gov.cn`.
    var publicBaseURL: String?
    var sessionHours = 12

    static func fromEnvironment() -> Settings {
        let config = ConfigReader(provider: EnvironmentVariablesProvider())
        return Settings(databaseURL: config.string(forKey: "cordon.database.url"),
                        dataKey: config.string(forKey: "cordon.data.key", isSecret: true),
                        metricsToken: config.string(forKey: "cordon.metrics.token", isSecret: true),
                        bcryptCost: UInt8(config.int(forKey: "cordon.bcrypt.cost") ?? 10),
                        secureCookies: config.bool(forKey: "cordon.secure.cookies") ?? false,
                        publicBaseURL: config.string(forKey: "cordon.public.base.url"),
                        sessionHours: config.int(forKey: "cordon.session.hours") ?? 12)
    }

    /// Refuses settings no deployment means: a session that never lasts, or lasts past a month.
    func validate() throws {
        guard (1...720).contains(sessionHours) else {
            throw StoreError(.badConfiguration, "CORDON_SESSION_HOURS must be 1 to 720, not \(sessionHours)")
        }
        if let url = publicBaseURL, !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.hasSuffix("/") {
            throw StoreError(.badConfiguration, "CORDON_PUBLIC_BASE_URL must be an http(s) address without a trailing slash")
        }
    }

    /// The field-encryption key: from `CORDON_DATA_KEY`, or for a SQLite file a key file beside it, created on first
    /// use with owner-only permissions. PostgreSQL deployments must configure the key explicitly.
    func cipher(for databaseURL: String) throws -> FieldCipher {
        if let dataKey { return try FieldCipher(base64: dataKey) }
        guard !databaseURL.hasPrefix("postgres") else {
            throw StoreError(.badConfiguration, "set CORDON_DATA_KEY (base64 of 32 random bytes) to use PostgreSQL")
        }
        let keyPath = databaseURL + ".key"
        if let text = try? String(contentsOfFile: keyPath, encoding: .utf8) { return try FieldCipher(base64: text) }
        let key = FieldCipher.generateKey()
        FileManager.default.createFile(atPath: keyPath, contents: Data(key.utf8), attributes: [.posixPermissions: 0o600])
        return try FieldCipher(base64: key)
    }
}
