import Crypto
import Foundation

/// Random bearer secrets (session cookies, API tokens, CSRF tokens) and the hashes under which they are stored.
/// They carry 256 random bits, so a plain SHA-256 is enough: a leaked table yields nothing usable.
public enum Secrets {
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
