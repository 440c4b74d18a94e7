/// How personal identifiers are shown to anyone whose role does not need them in full.
public enum Masking {
    /// `620102199001011234` → `620102********1234`; other documents keep their first two and last two characters.
    public static func idNumber(_ value: String) -> String {
        if value.utf8.count == 18, value.utf8.allSatisfy({ $0 < 0x80 }) {
            let b = Array(value.utf8)
            return String(decoding: b[0..<6] + Array("********".utf8) + b[14...], as: UTF8.self)
        }
        let chars = Array(value)
        if chars.count == 18 { return String(chars[0..<6]) + "********" + String(chars[14...]) }
        guard chars.count > 4 else { return String(repeating: "*", count: chars.count) }
        return String(chars[0..<2]) + String(repeating: "*", count: chars.count - 4) + String(chars[(chars.count - 2)...])
    }

    /// `13812345678` → `138****5678`.
    public static func phone(_ value: String) -> String {
        if value.utf8.count == 11, value.utf8.allSatisfy({ $0 < 0x80 }) {
            let b = Array(value.utf8)
            return String(decoding: b[0..<3] + Array("****".utf8) + b[7...], as: UTF8.self)
        }
        let chars = Array(value)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars[0..<3]) + String(repeating: "*", count: chars.count - 7) + String(chars[(chars.count - 4)...])
    }

    /// `张三丰` → `张*丰`, `李四` → `李*`: what a venue or a lab may see of a name.
    public static func name(_ value: String) -> String {
        let chars = Array(value)
        switch chars.count {
        case 0, 1: return value
        case 2: return String(chars[0]) + "*"
        default: return String(chars[0]) + String(repeating: "*", count: chars.count - 2) + String(chars[chars.count - 1])
        }
    }
}
