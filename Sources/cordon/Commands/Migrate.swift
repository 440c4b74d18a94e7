import ArgumentParser
import CordonStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending schema migrations.")

    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let settings = Settings.fromEnvironment()
        let database = try await Database.open(db.url(settings))
        let applied = try await database.migrate()
        print(applied.isEmpty ? "schema is up to date" : "applied migrations \(applied.map(String.init).joined(separator: ", "))")
        await database.close()
    }
}
