import ArgumentParser
import CordonStore
import Foundation

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import areas or residents from a UTF-8 CSV file with a header row.")

    enum Kind: String, ExpressibleByArgument { case areas, residents, contacts, origins }

    @Argument(help: "areas (code,name,level,parent_code), residents (name,id_number,phone,household_code[,id_kind,birth_date,sex,groups]), contacts (case_id,id_number,tier,exposed_at[,via_id_number,note]) or origins (code,name[,risk]: the places travellers come from).")
    var kind: Kind
    @Argument(help: "The CSV file.") var file: String
    @Flag(help: "Import the valid rows and report each rejected line, instead of refusing the whole file.") var skipInvalid = false
    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        try await Runtime.with(db.url(.fromEnvironment())) { runtime in try await run(runtime, data: data) }
    }

    private func run(_ runtime: Runtime, data: Data) async throws {
        do {
            switch kind {
            case .areas:
                let actor = (try? await runtime.operatorActor()) ?? runtime.bootstrapActor()
                let n = try await runtime.database.importAreas(csv: [UInt8](data), actor: actor, reason: "cordon import \(file)")
                print("imported \(n) areas")
            case .residents:
                let outcome = try await runtime.registry.importResidents(csv: [UInt8](data), actor: try await runtime.operatorActor(),
                                                                       skipInvalid: skipInvalid, reason: "cordon import \(file)",
                                                                       progress: { report($0) })
                for issue in outcome.rejected { report("rejected \(issue)") }
                print("imported \(outcome.inserted) residents, rejected \(outcome.rejected.count) lines")
            case .contacts:
                guard !skipInvalid else { throw ValidationError("contacts import whole files only: fix the lines it names and run it again") }
                let outcome = try await Tracing(registry: runtime.registry).importContacts(csv: [UInt8](data), actor: try await runtime.operatorActor())
                print("imported \(outcome.added) contacts, \(outcome.alreadyKnown) already known")
            case .origins:
                guard !skipInvalid else { throw ValidationError("origins import whole files only: fix the lines it names and run it again") }
                let n = try await Arrivals(registry: runtime.registry).importOrigins(csv: [UInt8](data), actor: try await runtime.operatorActor())
                print("imported \(n) origins")
            }
        } catch let failure as ImportFailure {
            report("import refused; nothing was written:")
            for issue in failure.issues.prefix(100) { report(issue.description) }
            if failure.issues.count > 100 { report("… and \(failure.issues.count - 100) more") }
            throw ExitCode(65)
        }
    }
}
