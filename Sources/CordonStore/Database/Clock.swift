import Foundation

/// Where the store reads the time, in seconds since 1970: the system's clock for the server and the CLI, a fixed or
/// stepped one for tests and the twin. Chosen at the entry point and handed to `Database.open`.
public struct Clock: Sendable {
    private let read: @Sendable () -> Int64

    public init(_ read: @escaping @Sendable () -> Int64) { self.read = read }

    public func now() -> Int64 { read() }

    public static let system = Clock { Int64(Date().timeIntervalSince1970) }

    /// A clock that always says `unix`.
    public static func fixed(_ unix: Int64) -> Clock { Clock { unix } }
}
