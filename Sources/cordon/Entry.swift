import ArgumentParser

@main
struct Cordon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cordon",
        abstract: "Cordon: a city's joint epidemic prevention and control platform.",
        subcommands: [Serve.self, Demo.self, Migrate.self, Import.self, Export.self, Users.self, Backup.self, Restore.self, Bench.self, QR.self]
    )
}

/// Options shared by commands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "A SQLite file path or a postgres:// URL (default: $CORDON_DATABASE_URL or ./cordon.sqlite).")
    var database: String?

    func url(_ settings: Settings, fallback: String = "./cordon.sqlite") -> String {
        database ?? settings.databaseURL ?? fallback
    }
}
