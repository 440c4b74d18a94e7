/// A tube or transport-batch barcode: 6–24 upper-case letters and digits, as printed on tubes.
public enum Barcode {
    public static func validate(_ raw: String) throws(FieldError.Code) -> String {
        let code = raw.trimmingSpaces().uppercased()
        guard !code.isEmpty else { throw .missing }
        guard code.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) else { throw .format }
        guard (6...24).contains(code.utf8.count) else { throw .length }
        return code
    }
}
