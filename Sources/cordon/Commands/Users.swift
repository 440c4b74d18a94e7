import ArgumentParser
import CordonDomain
import CordonServer
import CordonStore

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage accounts.", subcommands: [Add.self, List.self, Password.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")
        @Argument var username: String
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option(help: "The code of the area that is the user's jurisdiction.") var area: String
        @Option(help: "Display name.") var name: String?
        @Option(help: "For a citizen: the id of the resident they are, so they see their own health code.") var resident: Int64?
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role \(self.role)") }
            let password = readLine(strippingNewline: true) ?? ""
            guard Passwords.acceptable(password) else { throw ValidationError("the password must have at least 10 characters") }
            let runtime = try await Runtime.open(db.url(.fromEnvironment()))
            guard let areaNode = try await runtime.database.area(code: area) else { throw ValidationError("unknown area code \(area)") }
            let hash = try await Passwords(cost: runtime.settings.bcryptCost).hash(password)
            try await runtime.database.createUser(username: username, displayName: name ?? username, passwordHash: hash, role: role,
                                                  areaID: areaNode.id, actor: try await runtime.operatorActor(), reason: "cordon users add")
            if let resident {
                try await runtime.database.linkCitizen(username: username, residentID: resident, actor: try await runtime.operatorActor())
            }
            print("created \(username) (\(role.rawValue)) at \(areaNode.name)")
            await runtime.database.close()
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let runtime = try await Runtime.open(db.url(.fromEnvironment()))
            for user in try await runtime.database.users(actor: try await runtime.operatorActor()) {
                print("\(user.username)\t\(user.role.rawValue)\t\(user.displayName)\(user.disabled ? "\tdisabled" : "")")
            }
            await runtime.database.close()
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (read from standard input) and end the user's sessions.")
        @Argument var username: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let password = readLine(strippingNewline: true) ?? ""
            guard Passwords.acceptable(password) else { throw ValidationError("the password must have at least 10 characters") }
            let runtime = try await Runtime.open(db.url(.fromEnvironment()))
            let hash = try await Passwords(cost: runtime.settings.bcryptCost).hash(password)
            try await runtime.database.setPassword(hash: hash, username: username, actor: try await runtime.operatorActor(), reason: "cordon users password")
            print("password changed for \(username)")
            await runtime.database.close()
        }
    }
}
