import CordonStore
import CordonDomain
import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run off the event loops because each hash costs tens of milliseconds by design.
public struct Passwords: Sendable {
    public let cost: UInt8

    public init(cost: UInt8 = 10) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Passwords must be long enough to survive a guess: 10 characters at least.
    public static func acceptable(_ password: String) -> Bool { password.count >= 10 && password.count <= 128 }
}
