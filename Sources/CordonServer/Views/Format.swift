import CordonStore
import CordonDomain

enum Format {
    /// `2026-11-23 14:05` in China Standard Time.
    static func time(_ unix: Int64) -> String {
        let date = CivilDate(unixTime: unix)
        let seconds = (unix + 8 * 3600) % 86_400
        let h = seconds / 3600, m = (seconds % 3600) / 60
        return "\(date) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}
