/// Moments as people write them: `2022-11-10 14:30` or the browser's `2022-11-10T14:30`, in the city's time (UTC+8).
public enum LocalTime {
    public static func parse(_ text: String, utcOffsetSeconds: Int64 = 8 * 3600) -> Int64? {
        let t = text.trimmingSpaces()
        guard t.count == 16 || t.count == 19 else { return nil }
        let chars = Array(t)
        guard chars[10] == " " || chars[10] == "T", chars[13] == ":", let date = CivilDate(iso: String(chars[0..<10])),
              let hour = Int(String(chars[11..<13])), let minute = Int(String(chars[14..<16])), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        var seconds = 0
        if chars.count == 19 {
            guard chars[16] == ":", let s = Int(String(chars[17..<19])), (0..<60).contains(s) else { return nil }
            seconds = s
        }
        return date.startUnixTime(utcOffsetSeconds: utcOffsetSeconds) + Int64(hour * 3_600 + minute * 60 + seconds)
    }

    /// The form a `datetime-local` input takes back: `2022-11-10T14:30`.
    public static func format(_ unix: Int64, separator: String = "T", utcOffsetSeconds: Int64 = 8 * 3600) -> String {
        let date = CivilDate(unixTime: unix, utcOffsetSeconds: utcOffsetSeconds)
        let secondOfDay = Int(unix - date.startUnixTime(utcOffsetSeconds: utcOffsetSeconds))
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(date)\(separator)\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60))"
    }

    /// `2022-11-10 14:30`, the form imports read and exports write.
    public static func text(_ unix: Int64) -> String { format(unix, separator: " ") }
}
