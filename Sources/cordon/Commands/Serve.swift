import CordonStore
import ArgumentParser
import CordonServer
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server and API.")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Address to bind.") var host = "127.0.0.1"

    func run() async throws {
        let runtime = try await Runtime.open(db.url(.fromEnvironment()))
        try await serve(runtime, host: host, port: port)
    }
}

func serve(_ runtime: Runtime, host: String, port: Int) async throws {
    var logger = Logger(label: "cordon")
    logger.logLevel = .info
    do {
        let app = try await buildApplication(runtime.dependencies(), host: host, port: port, logger: logger)
        try await app.runService()
    } catch {
        await runtime.database.close()
        throw error
    }
    await runtime.database.close()
}

/// Serves without closing the database afterwards: the caller owns it (the codes benchmark).
func serveBench(_ runtime: Runtime, port: Int) async throws {
    var logger = Logger(label: "cordon")
    logger.logLevel = .warning
    let app = try await buildApplication(runtime.dependencies(), host: "127.0.0.1", port: port, logger: logger)
    try await app.run()
}
