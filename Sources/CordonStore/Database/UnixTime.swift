import Foundation

/// Unix seconds: every timestamp in the schema is a BIGINT of these, the same on both databases.
public enum UnixTime {
    public static func now() -> Int64 { Int64(Date().timeIntervalSince1970) }
}
