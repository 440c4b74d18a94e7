/// A Chinese vehicle plate (GA 36): a province character, an issuing-office letter, then five characters (six for new
/// energy vehicles); the last may be a special suffix. I and O are not used, to avoid confusion with 1 and 0.
public enum PlateNumber {
    static let provinces = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
    static let letters = Set("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let digits = Set("0123456789")
    static let suffixes = Set("挂学警港澳领使")

    public static func validate(_ raw: String) throws(FieldError.Code) -> String {
        let plate = Array(raw.trimmingSpaces().uppercased().filter { $0 != " " && $0 != "·" && $0 != "-" })
        guard !plate.isEmpty else { throw .missing }
        guard plate.count == 7 || plate.count == 8 else { throw .length }
        guard provinces.contains(plate[0]), letters.contains(plate[1]) else { throw .format }
        let tail = plate[2...]
        let body = tail.dropLast()
        guard body.allSatisfy({ letters.contains($0) || digits.contains($0) }) else { throw .format }
        guard let last = tail.last, letters.contains(last) || digits.contains(last) || suffixes.contains(last) else { throw .format }
        return String(plate)
    }
}
