/// Why a QR code could not be built.
public struct QRCodeError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The payload exceeds what version 40 holds at the requested correction level.
        case tooLong
        /// `minimumVersion` was outside 1...40.
        case invalidVersion
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
