/// Why a pass was not accepted. The code is stable (string tables and JSON use it); the message says where.
public struct PassError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, Codable , CaseIterable {
        /// Not one of our passes: the prefix is missing.
        case notAPass = "not_a_pass"
        /// Broken Base45, CBOR or COSE structure.
        case malformed
        /// Cut short: a photo cropped or a paste that lost its end.
        case truncated
        /// Signed by a key the trust list does not hold (another issuer, or a key long retired).
        case unknownKey = "unknown_key"
        /// The signature does not match: the pass was altered.
        case badSignature = "bad_signature"
        case expired
        /// Issued in the future: a clock is wrong or the pass is forged.
        case notYetValid = "not_yet_valid"
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }
}

extension PassError: Refusal {
    public var status: RefusalStatus { .unprocessable }
    public var key: String { "pass.\(code.rawValue)" }
}
