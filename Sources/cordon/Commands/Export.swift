import ArgumentParser
import CordonStore
import Foundation

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export areas, residents or origins as CSV in the import format, or the contact ledger.")

    @Argument(help: "areas, residents, contacts or origins") var kind: Import.Kind
    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.") var output: String?
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let runtime = try await Runtime.open(db.url(.fromEnvironment()))
        let actor = try await runtime.operatorActor()
        let text = switch kind {
        case .areas: try await runtime.database.exportAreasCSV(actor: actor)
        case .residents: try await runtime.registry.exportResidentsCSV(actor: actor)
        case .contacts: try await Tracing(registry: runtime.registry).ledgerCSV(actor: actor, filter: .all)
        case .origins: try await Arrivals(registry: runtime.registry).exportOriginsCSV()
        }
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        await runtime.database.close()
    }
}
