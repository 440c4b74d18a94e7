import CordonDomain
import CordonServer
import CordonStore
import Foundation
import Logging

/// An opened, migrated database with its registry and an operator identity for command-line work.
struct Runtime {
    let settings: Settings
    let database: Database
    let registry: Registry

    static func open(_ url: String, settings: Settings = .fromEnvironment()) async throws -> Runtime {
        try settings.validate()
        var logger = Logger(label: "cordon")
        logger.logLevel = .warning
        let cipher = try settings.cipher(for: url)
        let database = try await Database.open(url, logger: logger)
        try await database.migrate()
        return Runtime(settings: settings, database: database, registry: Registry(database: database, cipher: cipher))
    }

    /// Opens the database, runs `body`, and closes it on every path, so a refused import ends with its message
    /// rather than with a connection torn down mid-flight.
    static func with<T>(_ url: String, settings: Settings = .fromEnvironment(), _ body: (Runtime) async throws -> T) async throws -> T {
        let runtime = try await open(url, settings: settings)
        do {
            let value = try await body(runtime)
            await runtime.database.close()
            return value
        } catch {
            await runtime.database.close()
            throw error
        }
    }

    /// The operator at the terminal acts as an administrator of the whole city; the journal names them.
    func operatorActor() async throws -> Actor {
        guard let city = try await database.cityArea() else {
            throw StoreError(.notFound, "the database has no areas yet; import areas first")
        }
        let who = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        return Actor(userID: nil, name: "cli:\(who)", role: .admin, jurisdiction: city)
    }

    /// A stand-in city root so the very first area import can run before any area exists.
    func bootstrapActor() -> Actor {
        let who = ProcessInfo.processInfo.environment["USER"] ?? "operator"
        let root = Area(id: 0, code: "", name: "", level: .city, parentID: nil, ancestors: AreaPath([.city: 0]))
        return Actor(userID: nil, name: "cli:\(who)", role: .admin, jurisdiction: root)
    }

    func dependencies() -> Dependencies {
        Dependencies(database: database, registry: registry, passwords: Passwords(cost: settings.bcryptCost),
                     metricsToken: settings.metricsToken, secureCookies: settings.secureCookies,
                     sessionLifetime: Int64(settings.sessionHours) * 3_600, publicBaseURL: settings.publicBaseURL)
    }
}

/// Writes to standard error, for progress and failures.
func report(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
